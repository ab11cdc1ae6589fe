package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Savepoint upgrade: a job runs unbounded on the first half of its input (by event time), is
 * stopped with a savepoint, and is started again from that savepoint with a different checkpoint
 * interval (a setting that is not state); then the second half arrives and the job is stopped with
 * a draining savepoint, which ends event time like the end of a bounded input. Everything it wrote
 * across both runs must equal one uninterrupted bounded run over the whole input: the second half
 * only comes out right if the state of the first carried over (drivers still known with their
 * cells, pending messages still pending and delivered when their recipient comes online, viewer
 * profiles, windows and session figures intact).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SavepointUpgradeIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  /** In the CI set: every job that can run bounded (ride-matching: RideMatchingSavepointIT). */
  @Tag("ci")
  @ParameterizedTest
  @EnumSource(PlatformJob.class)
  void stateCarriesOverAnUpgradeFromASavepoint(
      PlatformJob job, @InjectClusterClient ClusterClient<?> client) throws Exception {
    upgrade(job, client);
  }

  private void upgrade(PlatformJob job, ClusterClient<?> client) throws Exception {
    Workload input = Workloads.forJob(job, 3);

    Map<String, String> referenceTopics = JobRuns.createTopics(KAFKA, job, "uninterrupted");
    JobRuns.send(KAFKA, input, referenceTopics);
    job.wire(JobRuns.args(KAFKA, referenceTopics, "--bounded", "true"), InputTap.NONE)
        .kafka()
        .execute();
    Map<String, List<Object>> expected = JobRuns.readOutputs(KAFKA, job, referenceTopics, input);

    long split = splitTime(input);
    Map<String, String> topics = JobRuns.createTopics(KAFKA, job, "upgraded");
    List<String> inputNames = job.inputs.stream().map(topic -> topics.get(topic.id())).toList();
    Path savepoints = Files.createTempDirectory(Path.of("/tmp"), "savepoints");
    String groupId = job.jobName + "-" + topics.get(job.inputs.get(0).id());

    sendPart(input, topics, true, split);
    String savepoint;
    try (RunningJob first =
        RunningJob.start(
            client,
            job.wire(
                JobRuns.args(
                    KAFKA, topics, "--group-id", groupId, "--checkpoint-interval", "500ms"),
                InputTap.NONE))) {
      first.awaitConsumed(KAFKA.bootstrapServers(), groupId, inputNames, Duration.ofMinutes(1));
      savepoint = first.stopWithSavepoint(savepoints.toUri().toString(), false);
    }
    Map<String, List<Object>> beforeUpgrade = JobRuns.readOutputs(KAFKA, job, topics, input);

    PlatformJob.Wired upgraded =
        job.wire(
            JobRuns.args(KAFKA, topics, "--group-id", groupId, "--checkpoint-interval", "200ms"),
            InputTap.NONE);
    upgraded.env().configure(restoreFrom(savepoint));
    try (RunningJob second = RunningJob.start(client, upgraded)) {
      sendPart(input, topics, false, split);
      second.awaitConsumed(KAFKA.bootstrapServers(), groupId, inputNames, Duration.ofMinutes(1));
      second.stopWithSavepoint(savepoints.toUri().toString(), true);
    }
    Map<String, List<Object>> actual = JobRuns.readOutputs(KAFKA, job, topics, input);

    System.out.printf(
        "FIGURES savepoint-upgrade %s: input %d records (split at %d), 0 restarts%n",
        job.jobName, input.size(), split);
    expected.forEach(
        (id, records) ->
            System.out.println(
                "FIGURES   "
                    + Comparison.of(id, records, actual.get(id)).figures()
                    + "  (written after the upgrade: "
                    + (actual.get(id).size() - beforeUpgrade.get(id).size())
                    + ")"));
    for (Topic<?> topic : job.outputs) {
      if (!expected.containsKey(topic.id())) {
        continue; // not comparable between runs (JobRuns.readOutputs says why)
      }
      Comparison comparison =
          Comparison.of(topic.id(), expected.get(topic.id()), actual.get(topic.id()));
      int afterUpgrade = actual.get(topic.id()).size() - beforeUpgrade.get(topic.id()).size();
      assertThat(afterUpgrade).as("%s written after the upgrade", topic.id()).isPositive();
      assertThat(comparison.lost()).as("lost on %s", topic.id()).isZero();
      assertThat(comparison.unexpected())
          .as("records on %s an uninterrupted run does not have", topic.id())
          .isZero();
      if (topic.defaultGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
        assertThat(comparison.duplicated()).as("duplicates on %s", topic.id()).isZero();
      }
    }
  }

  private static Configuration restoreFrom(String savepoint) {
    Configuration conf = new Configuration();
    conf.setString("execution.savepoint.path", savepoint);
    return conf;
  }

  /** The middle of the input's event time. */
  private static long splitTime(Workload input) {
    List<Long> times = new ArrayList<>();
    input.byTopic().values().forEach(events -> events.forEach(event -> times.add(event.ts())));
    times.sort(null);
    return times.get(times.size() / 2);
  }

  private static void sendPart(
      Workload input, Map<String, String> topics, boolean first, long split) {
    for (Map.Entry<Topic<?>, List<ContractEvent>> entry : input.byTopic().entrySet()) {
      List<ContractEvent> part =
          entry.getValue().stream().filter(event -> (event.ts() < split) == first).toList();
      if (!part.isEmpty()) {
        JobRuns.sendRaw(
            KAFKA, topics.get(entry.getKey().id()), JobRuns.records(entry.getKey(), part));
      }
    }
  }
}
