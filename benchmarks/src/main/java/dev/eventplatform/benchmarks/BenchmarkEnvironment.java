package dev.eventplatform.benchmarks;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader;

/**
 * What {@code StreamExecutionEnvironment.getExecutionEnvironment()} returns to a job's unchanged
 * {@code main} while a benchmark runs it: an environment that submits to the benchmark's
 * MiniCluster at a chosen parallelism, with extra job settings (a checkpoint to restore, checkpoint
 * retention). Unlike Flink's TestStreamEnvironment it does not randomize checkpoint settings, which
 * would make runs incomparable.
 */
final class BenchmarkEnvironment extends StreamExecutionEnvironment {

  private BenchmarkEnvironment(MiniCluster cluster, Configuration configuration, int parallelism) {
    super(
        new MiniClusterPipelineExecutorServiceLoader(cluster),
        MiniClusterPipelineExecutorServiceLoader.updateConfigurationForMiniCluster(
            configuration, List.of(), List.of()),
        null);
    setParallelism(parallelism);
  }

  /**
   * From now on, in this thread, jobs go to {@code cluster} with these settings under their own.
   */
  static void setAsContext(MiniCluster cluster, int parallelism, Configuration jobSettings) {
    initializeContextEnvironment(
        jobConfiguration -> {
          Configuration merged = new Configuration();
          merged.addAll(jobSettings);
          merged.addAll(jobConfiguration);
          return new BenchmarkEnvironment(cluster, merged, parallelism);
        });
  }

  static void unsetAsContext() {
    resetContextEnvironment();
  }
}
