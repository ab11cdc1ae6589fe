package dev.eventplatform.matching;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;

/**
 * The real {@code main} of the job, running unbounded on the test's MiniCluster in a thread of its
 * own, until the test cancels it. ride-matching cannot run bounded (its verdicts loop back through
 * Kafka), so its integration tests read outputs while it runs, then stop it.
 */
final class RunningJob implements AutoCloseable {

  private final ClusterClient<?> client;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private RunningJob(ClusterClient<?> client, String[] args) {
    this.client = client;
    this.thread = new Thread(() -> run(args), "ride-matching-main");
  }

  static RunningJob start(ClusterClient<?> client, String... args) {
    RunningJob job = new RunningJob(client, args);
    job.thread.start();
    return job;
  }

  private void run(String[] args) {
    try {
      RideMatchingJob.main(args);
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  /**
   * Cancels every running job of the cluster (there is only this one) and waits for main to end.
   */
  @Override
  public void close() throws Exception {
    for (JobStatusMessage job : client.listJobs().get()) {
      if (!job.getJobState().isGloballyTerminalState()) {
        JobID id = job.getJobId();
        client.cancel(id).get();
      }
    }
    thread.join(Duration.ofSeconds(30).toMillis());
  }

  /** What made main end early, if it did: a job that failed rather than was cancelled. */
  Throwable failure() {
    return thread.isAlive() ? null : failure.get();
  }
}
