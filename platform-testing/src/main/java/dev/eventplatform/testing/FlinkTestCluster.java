package dev.eventplatform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * A Flink MiniCluster as the jobs run in production: RocksDB state, checkpoints on disk, two slots
 * so every job runs at parallelism 2 and its keyed exchanges are real. Failures are not retried, so
 * a broken job fails its test at once.
 *
 * <pre>{@code
 * @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
 * }</pre>
 */
public final class FlinkTestCluster {

  public static final int PARALLELISM = 2;

  private FlinkTestCluster() {}

  public static MiniClusterExtension extension() {
    return extension(new Configuration());
  }

  /** With extra settings on top of the defaults, e.g. a restart strategy for failure tests. */
  public static MiniClusterExtension extension(Configuration overrides) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.incremental", "true");
    conf.setString("execution.checkpointing.dir", tempDir("flink-checkpoints").toUri().toString());
    // RocksDB warns about (and on some systems fails with) long JUnit temp paths.
    conf.setString("state.backend.rocksdb.localdir", tempDir("rdb").toString());
    conf.setString("restart-strategy.type", "none");
    conf.addAll(overrides);
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .setConfiguration(conf)
            .build());
  }

  private static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary folder for Flink", e);
    }
  }
}
