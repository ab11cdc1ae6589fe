package dev.eventplatform.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A wired job running unbounded on the test's MiniCluster (its blocking {@code execute()} in a
 * thread of its own), so a test can feed it, watch it and stop it with a savepoint.
 */
final class RunningJob implements AutoCloseable {

  private final ClusterClient<?> client;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private JobID id;

  private RunningJob(ClusterClient<?> client, PlatformJob.Wired job) {
    this.client = client;
    this.thread = new Thread(() -> run(job), "job-under-test");
  }

  /** Starts the job and returns once all its tasks run. */
  static RunningJob start(ClusterClient<?> client, PlatformJob.Wired job) throws Exception {
    List<JobID> before = client.listJobs().get().stream().map(JobStatusMessage::getJobId).toList();
    RunningJob running = new RunningJob(client, job);
    running.thread.start();
    await("the job to be submitted", Duration.ofMinutes(1), () -> running.findNewJob(before));
    await("the job to run", Duration.ofMinutes(1), running::isRunning);
    return running;
  }

  private void run(PlatformJob.Wired job) {
    try {
      job.kafka().execute();
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  JobID id() {
    return id;
  }

  /**
   * Stops the job with a savepoint in {@code dir} and returns its path. With {@code drain}, event
   * time first advances to the end (as when a bounded input ends), firing every timer and window.
   */
  String stopWithSavepoint(String dir, boolean drain) throws Exception {
    String path = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (path == null) {
      try {
        path = client.stopWithSavepoint(id, drain, dir, SavepointFormatType.CANONICAL).get();
      } catch (ExecutionException e) {
        // Refused while a task is still (re)starting: try again until the deadline.
        if (System.nanoTime() > deadline || failure.get() != null) {
          throw e;
        }
      }
    }
    thread.join(Duration.ofMinutes(1).toMillis());
    return path;
  }

  /**
   * Waits until the job has committed (on a completed checkpoint) consumer offsets at the end of
   * every partition of {@code topics}: everything sent so far has been read and is in its state.
   */
  void awaitConsumed(String bootstrapServers, String groupId, List<String> topics, Duration timeout)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
        description
            .partitions()
            .forEach(
                p ->
                    latest.put(
                        new TopicPartition(description.name(), p.partition()),
                        OffsetSpec.latest()));
      }
      Map<TopicPartition, Long> ends = new java.util.HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      await(
          "the job to commit offsets at the end of " + topics,
          timeout,
          () -> {
            requireAlive();
            Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            return ends.entrySet().stream()
                .allMatch(
                    end ->
                        end.getValue() == 0
                            || (committed.get(end.getKey()) != null
                                && committed.get(end.getKey()).offset() >= end.getValue()));
          });
    }
  }

  private boolean findNewJob(List<JobID> before) throws Exception {
    requireAlive();
    for (JobStatusMessage job : client.listJobs().get()) {
      if (!before.contains(job.getJobId())) {
        id = job.getJobId();
        return true;
      }
    }
    return false;
  }

  private boolean isRunning() throws Exception {
    requireAlive();
    return client.getJobStatus(id).get() == JobStatus.RUNNING;
  }

  private void requireAlive() {
    if (failure.get() != null) {
      throw new IllegalStateException("the job failed", failure.get());
    }
  }

  /** Cancels the job if it still runs (a test that failed half-way). */
  @Override
  public void close() throws Exception {
    if (id != null && !client.getJobStatus(id).get().isGloballyTerminalState()) {
      client.cancel(id).get();
    }
    thread.join(Duration.ofSeconds(30).toMillis());
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }
}
