package dev.eventplatform.benchmarks;

import dev.eventplatform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;

/**
 * State at scale: a job runs unbounded over a pre-loaded population (one record per key) until its
 * consumer group has committed the end of the input, i.e. a checkpoint holds every key. Then it
 * takes an incremental and a full checkpoint (sizes and durations from Flink's checkpoint
 * statistics), is cancelled with the checkpoint retained, and is started again from it: recovery is
 * timed from that submission until every subtask is RUNNING (state restored) and until the first
 * output record is written after a few fresh records move event time on.
 */
final class ScaleBenchmark {

  private final JobRunner runner;
  private final List<String> jobArgs;

  ScaleBenchmark(JobRunner runner, List<String> jobArgs) {
    this.runner = runner;
    this.jobArgs = jobArgs;
  }

  /**
   * @param nudge records sent after the restore; they must make the restored job write something
   *     (e.g. move the watermark past waiting state)
   * @param firstOutput the output topic whose first record after the restore ends the recovery
   */
  ScaleResult measure(
      JobSpec spec,
      String keys,
      long keyCount,
      Workload population,
      Workload nudge,
      Topic<?> firstOutput,
      int parallelism)
      throws Exception {
    long loadStart = System.nanoTime();
    Map<String, String> inputs = runner.load(population, "scale-" + spec.name() + "-" + keyCount);
    Configuration retain = new Configuration();
    retain.setString(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    JobRunner.Run run = runner.start(spec, inputs, false, parallelism, retain, jobArgs);
    runner.awaitCaughtUp(run, inputs, Duration.ofMinutes(20));
    long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
    // The whole population is in Kafka before the job starts, so the catch-up runs under full
    // back pressure: the overload case of a job far behind its input.
    String catchUpCheckpoints = run.job().checkpointsSoFar();

    CompletedCheckpointStats incremental = run.job().checkpoint(CheckpointType.DEFAULT);
    CompletedCheckpointStats full = run.job().checkpoint(CheckpointType.FULL);
    // The last checkpoint is the full one: restoring from it needs nothing older.
    String retained = full.getExternalPath();
    run.job().cancel();

    Configuration restore = new Configuration(retain);
    restore.setString("execution.state-recovery.path", retained);
    JobRunner.Run restored = runner.start(spec, inputs, false, parallelism, restore, jobArgs);
    long submitted = restored.job().submittedAt;
    AtomicLong firstWrite = new AtomicLong();
    long runningAt;
    try (var follower =
        runner.kafka.follow(
            List.of(restored.outputs().get(firstOutput.id())),
            record -> firstWrite.compareAndSet(0, record.timestamp()))) {
      runner.send(nudge, inputs);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while ((runningAt = restored.job().allTasksRunningAt()) == 0
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      while (firstWrite.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    restored.job().cancel();
    return new ScaleResult(
        spec.name(),
        keys,
        keyCount,
        loadMs,
        full.getStateSize(),
        incremental.getCheckpointedSize(),
        incremental.getEndToEndDuration(),
        full.getCheckpointedSize(),
        full.getEndToEndDuration(),
        runningAt == 0 ? -1 : runningAt - submitted,
        firstWrite.get() == 0 ? -1 : firstWrite.get() - submitted,
        "p="
            + parallelism
            + ", "
            + population.describe()
            + "; checkpoints during the catch-up: "
            + catchUpCheckpoints);
  }

  /** Fresh pings 10 and 20 s after the population's: the watermark then releases waiting state. */
  static Workload pingsAfter(long ts) {
    Workload nudge = new Workload();
    ScaleInput.driverPings(4, ts + 10_000, 10).records().forEach(nudge::add);
    ScaleInput.driverPings(4, ts + 20_000, 10).records().forEach(nudge::add);
    return nudge;
  }
}
