package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Not in CI (run with {@code -Preliability-all}): too slow for CI, 105 to 170 s per job on a loaded
 * machine (a clean run, then an unbounded run fed in slices with three restores).
 *
 * <p>Task failures while input flows: each job runs once cleanly (bounded) and once with a {@link
 * FailureInjector} after the parser of its busiest input that fails the job {@value #FAILURES}
 * times, each time after a checkpoint has completed. Flink restarts it from that checkpoint
 * (fixed-delay restarts, for this class only). The failing run is unbounded and fed slice by slice
 * while it runs (so checkpoints complete between records), and ends with a draining stop. The two
 * runs' outputs must agree: nothing lost; exactly-once outputs without a single duplicate;
 * at-least-once outputs with nothing but exact repeats of records the clean run has (same
 * idempotency key, same content).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TaskFailureIT {

  static final int FAILURES = 3;
  static final int SLICES = 8;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      FlinkTestCluster.extension(FailureInjector.restartsFor(FAILURES));

  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  /** Slice {@code slice} of {@link #SLICES} of every input topic, in order. */
  private static void sendSlice(Workload input, Map<String, String> topics, int slice) {
    for (Map.Entry<Topic<?>, List<ContractEvent>> entry : input.byTopic().entrySet()) {
      List<ContractEvent> events = entry.getValue();
      List<ContractEvent> part =
          events.subList(events.size() * slice / SLICES, events.size() * (slice + 1) / SLICES);
      if (!part.isEmpty()) {
        JobRuns.sendRaw(
            KAFKA, topics.get(entry.getKey().id()), JobRuns.records(entry.getKey(), part));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(PlatformJob.class)
  void restartsFromCheckpointsWithNothingLostOrDuplicated(
      PlatformJob job,
      @InjectMiniCluster MiniCluster cluster,
      @InjectClusterClient ClusterClient<?> client)
      throws Exception {
    Workload input = Workloads.forJob(job, 42);
    Topic<?> busiest =
        job.inputs.stream().max((a, b) -> input.of(a).size() - input.of(b).size()).orElseThrow();

    Map<String, String> cleanTopics = JobRuns.createTopics(KAFKA, job, "clean");
    JobRuns.send(KAFKA, input, cleanTopics);
    JobExecutionResult clean =
        job.wire(
                JobRuns.args(
                    KAFKA, cleanTopics, "--bounded", "true", "--checkpoint-interval", "100ms"),
                InputTap.NONE)
            .kafka()
            .execute();
    Map<String, List<Object>> expected = JobRuns.readOutputs(KAFKA, job, cleanTopics, input);

    Map<String, String> topics = JobRuns.createTopics(KAFKA, job, "failing");
    // A sixth of the busiest input per subtask between failures: every failure happens mid-stream.
    long everyRecords = input.of(busiest).size() / FlinkTestCluster.PARALLELISM / (FAILURES + 3);
    InputTap injector =
        new InputTap() {
          @Override
          public <T> DataStream<T> apply(Topic<T> topic, DataStream<T> events) {
            return topic.equals(busiest)
                ? events
                    .map(new FailureInjector<T>(FAILURES, everyRecords))
                    .returns(events.getType())
                    .name("Failure injector")
                : events;
          }
        };
    // Unbounded, fed in slices while it runs, so checkpoints complete between records and every
    // failure restores one; the draining stop at the end ends event time as a bounded input does.
    String groupId = "failing-" + topics.get(busiest.id());
    List<String> inputNames = job.inputs.stream().map(topic -> topics.get(topic.id())).toList();
    JobID failing;
    try (RunningJob running =
        RunningJob.start(
            client,
            job.wire(
                JobRuns.args(
                    KAFKA, topics, "--group-id", groupId, "--checkpoint-interval", "200ms"),
                injector))) {
      failing = running.id();
      for (int slice = 0; slice < SLICES; slice++) {
        sendSlice(input, topics, slice);
        running.awaitConsumed(KAFKA.bootstrapServers(), groupId, inputNames, Duration.ofMinutes(1));
      }
      running.stopWithSavepoint(
          Files.createTempDirectory(Path.of("/tmp"), "sp").toUri().toString(), true);
    }
    Map<String, List<Object>> actual = JobRuns.readOutputs(KAFKA, job, topics, input);
    if (job == PlatformJob.LOCATION_INGEST) {
      JobRuns.anomaliesWithoutDetail(expected);
      JobRuns.anomaliesWithoutDetail(actual);
    }

    int restarts = JobRuns.restarts(cluster, failing);
    System.out.printf(
        "FIGURES task-failures %s: input %d records, %d restarts (clean run: %d), %d checkpoints%n",
        job.jobName,
        input.size(),
        restarts,
        JobRuns.restarts(cluster, clean.getJobID()),
        JobRuns.completedCheckpoints(cluster, failing));
    assertThat(restarts).as("restarts of %s", job.jobName).isEqualTo(FAILURES);

    expected.forEach(
        (id, records) ->
            System.out.println(
                "FIGURES   " + Comparison.of(id, records, actual.get(id)).figures()));
    for (Topic<?> topic : job.outputs) {
      if (!expected.containsKey(topic.id())) {
        continue; // not comparable between runs (JobRuns.readOutputs says why)
      }
      Comparison comparison =
          Comparison.of(topic.id(), expected.get(topic.id()), actual.get(topic.id()));
      assertThat(comparison.expected()).as("the clean run wrote %s", topic.id()).isPositive();
      assertThat(comparison.lost()).as("lost on %s", topic.id()).isZero();
      assertThat(comparison.unexpected())
          .as("records on %s the clean run does not have", topic.id())
          .isZero();
      if (topic.defaultGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
        assertThat(comparison.duplicated())
            .as("duplicates on exactly-once %s", topic.id())
            .isZero();
      }
    }
    assertThat(actual.get("dead-letters")).isEqualTo(expected.get("dead-letters"));
  }
}
