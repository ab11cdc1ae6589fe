package dev.eventplatform.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink MiniCluster configured as platform-testing's FlinkTestCluster (the production-like
 * baseline: RocksDB, incremental checkpoints on disk, no restarts), with two slots, on which the
 * benchmarks run the jobs' own {@code main} methods.
 */
final class BenchmarkCluster implements AutoCloseable {

  static final int SLOTS = 2;

  private final MiniCluster cluster;
  private final Set<JobID> known = new HashSet<>();

  private BenchmarkCluster(MiniCluster cluster) {
    this.cluster = cluster;
  }

  static BenchmarkCluster start(Path workDir) throws Exception {
    Path checkpoints = Files.createDirectories(workDir.resolve("checkpoints"));
    Path rocksdb = Files.createDirectories(workDir.resolve("rdb"));
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.incremental", "true");
    conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
    conf.setString("state.backend.rocksdb.localdir", rocksdb.toString());
    conf.setString("restart-strategy.type", "none");
    // Any free port: a local Flink (the launcher, another run) may hold the default 8081.
    conf.setString("rest.bind-port", "0");
    // The overload benchmark samples metrics through the REST API every few seconds; Flink's
    // default refreshes them every 10 s.
    conf.setString("metrics.fetcher.update-interval", "1 s");
    // RocksDB's block cache and write buffers come from managed memory: give it a realistic share.
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(SLOTS)
                .build());
    cluster.start();
    return new BenchmarkCluster(cluster);
  }

  /** Base address of the cluster's REST API (the web dashboard's), e.g. http://localhost:41234. */
  URI restAddress() throws Exception {
    return cluster.getRestAddress().get();
  }

  /** A job's main, called with {@code args}, running in a thread of its own on this cluster. */
  interface JobMain {
    void run(String[] args) throws Exception;
  }

  /**
   * Starts {@code main} and returns once its job is submitted. Jobs run one at a time, so the new
   * job is the one this cluster has not seen before.
   */
  RunningJob submit(
      String name, JobMain main, String[] args, int parallelism, Configuration jobSettings)
      throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long submittedAt = System.currentTimeMillis();
    Thread thread =
        new Thread(
            () -> {
              BenchmarkEnvironment.setAsContext(cluster, parallelism, jobSettings);
              try {
                main.run(args);
              } catch (Throwable e) {
                failure.set(e);
              } finally {
                BenchmarkEnvironment.unsetAsContext();
              }
            },
            "main-" + name);
    thread.setDaemon(true);
    thread.start();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (JobStatusMessage job : cluster.listJobs().get()) {
        if (known.add(job.getJobId())) {
          return new RunningJob(job.getJobId(), thread, failure, submittedAt);
        }
      }
      if (!thread.isAlive()) {
        throw new IllegalStateException(name + " ended before submitting a job", failure.get());
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(name + " did not submit a job within 2 minutes");
  }

  /** A submitted job and the thread of the main that submitted it. */
  final class RunningJob {
    final JobID id;
    final long submittedAt;
    private final Thread thread;
    private final AtomicReference<Throwable> failure;

    private RunningJob(
        JobID id, Thread thread, AtomicReference<Throwable> failure, long submittedAt) {
      this.id = id;
      this.thread = thread;
      this.failure = failure;
      this.submittedAt = submittedAt;
    }

    /** Waits for a bounded job's main to return; fails if the job failed. */
    void awaitEnd(Duration timeout) throws Exception {
      thread.join(timeout.toMillis());
      if (thread.isAlive()) {
        cancel();
        throw new IllegalStateException("job " + id + " did not finish within " + timeout);
      }
      if (failure.get() != null) {
        throw new IllegalStateException("job " + id + " failed", failure.get());
      }
    }

    void cancel() throws Exception {
      JobStatus status = cluster.getJobStatus(id).get();
      if (!status.isGloballyTerminalState()) {
        cluster.cancelJob(id).get();
      }
      thread.join(30_000);
    }

    AccessExecutionGraph graph() throws Exception {
      return cluster.getExecutionGraph(id).get();
    }

    /** When the last subtask became RUNNING (epoch ms), whatever their state is now. */
    long allTasksStartedAt() throws Exception {
      long latest = 0;
      for (AccessExecutionVertex vertex : graph().getAllExecutionVertices()) {
        latest = Math.max(latest, vertex.getStateTimestamp(ExecutionState.RUNNING));
      }
      return latest;
    }

    long finishedAt() throws Exception {
      return graph().getStatusTimestamp(JobStatus.FINISHED);
    }

    /** When the last subtask became RUNNING (state restored), or 0 while one is not yet. */
    long allTasksRunningAt() throws Exception {
      long latest = 0;
      for (AccessExecutionVertex vertex : graph().getAllExecutionVertices()) {
        ExecutionState state = vertex.getExecutionState();
        if (state != ExecutionState.RUNNING && state != ExecutionState.FINISHED) {
          return 0;
        }
        latest = Math.max(latest, vertex.getStateTimestamp(ExecutionState.RUNNING));
      }
      return latest;
    }

    /**
     * The periodic checkpoints so far: how many completed and failed, and the longest end-to-end
     * duration of a completed one, e.g. "12 completed, 0 failed, longest 1.4 s".
     */
    String checkpointsSoFar() throws Exception {
      var stats = graph().getCheckpointStatsSnapshot();
      var counts = stats.getCounts();
      long longest =
          counts.getNumberOfCompletedCheckpoints() == 0
              ? 0
              : stats.getSummaryStats().getEndToEndDurationStats().getMaximum();
      return String.format(
          Locale.ROOT,
          "%d completed, %d failed, longest %.1f s",
          counts.getNumberOfCompletedCheckpoints(),
          counts.getNumberOfFailedCheckpoints(),
          longest / 1000.0);
    }

    /** Takes a checkpoint now and returns its statistics once it is complete. */
    CompletedCheckpointStats checkpoint(CheckpointType type) throws Exception {
      long checkpointId = cluster.triggerCheckpoint(id, type).get();
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (System.nanoTime() < deadline) {
        var history = graph().getCheckpointStatsSnapshot().getHistory();
        for (var stats : history.getCheckpoints()) {
          if (stats.getCheckpointId() == checkpointId
              && stats instanceof CompletedCheckpointStats completed) {
            return completed;
          }
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException(
          "statistics of checkpoint " + checkpointId + " never appeared");
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
