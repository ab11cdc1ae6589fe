package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.testing.FlinkTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not in CI (run with {@code -Preliability-all}): about a minute, with a broker JVM of its own
 * started twice, which would take the module past its 5-minute CI budget.
 *
 * <p>Kafka broker restart while location-ingest runs: the broker is a child process ({@link
 * RestartableBroker}) with its own data folder and a fixed port, so it can be stopped and started
 * again where clients expect it (the in-process test broker cannot). The cluster restarts failed
 * jobs with an exponential delay, as {@code flink-conf/} does in production. Half the input is
 * processed, the broker restarts, the other half arrives; the outputs must equal those of an
 * uninterrupted bounded run: nothing lost, nothing duplicated.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaBrokerRestartIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      FlinkTestCluster.extension(RestartableBroker.productionRestarts());

  private static RestartableBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = RestartableBroker.start("kafka-restart");
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void locationIngestRidesOutABrokerRestart(
      @InjectClusterClient ClusterClient<?> client, @InjectMiniCluster MiniCluster cluster)
      throws Exception {
    PlatformJob job = PlatformJob.LOCATION_INGEST;
    Workload input = Workloads.locationIngest(5, 40, 60);
    List<ContractEvent> pings = input.of(Topics.DRIVER_LOCATIONS);
    List<ContractEvent> firstHalf = pings.subList(0, pings.size() / 2);
    List<ContractEvent> secondHalf = pings.subList(pings.size() / 2, pings.size());

    Map<String, String> referenceTopics = broker.createTopics("uninterrupted", job.allTopics());
    broker.send(referenceTopics, Topics.DRIVER_LOCATIONS, pings);
    job.wire(args(referenceTopics, "--bounded", "true"), InputTap.NONE).kafka().execute();

    Map<String, String> topics = broker.createTopics("restarted", job.allTopics());
    String groupId = "restart-" + UUID.randomUUID();
    broker.send(topics, Topics.DRIVER_LOCATIONS, firstHalf);
    int restarts;
    long downMillis;
    long checkpoints;
    long failedCheckpoints;
    try (RunningJob running =
        RunningJob.start(
            client,
            job.wire(
                args(topics, "--group-id", groupId, "--checkpoint-interval", "500ms"),
                InputTap.NONE))) {
      List<String> inputNames = List.of(topics.get(Topics.DRIVER_LOCATIONS.id()));
      running.awaitConsumed(broker.bootstrapServers(), groupId, inputNames, Duration.ofMinutes(1));

      long stopped = System.nanoTime();
      broker.stop();
      broker.startAgain();
      // start returns once the partitions have leaders again, so the second half can go at once.
      downMillis = Duration.ofNanos(System.nanoTime() - stopped).toMillis();

      broker.send(topics, Topics.DRIVER_LOCATIONS, secondHalf);
      running.awaitConsumed(broker.bootstrapServers(), groupId, inputNames, Duration.ofMinutes(2));
      restarts = JobRuns.restarts(cluster, running.id());
      CheckpointStatsCounts counts =
          cluster.getExecutionGraph(running.id()).get().getCheckpointStatsSnapshot().getCounts();
      checkpoints = counts.getNumberOfCompletedCheckpoints();
      failedCheckpoints = counts.getNumberOfFailedCheckpoints();
      running.stopWithSavepoint(
          Files.createTempDirectory(Path.of("/tmp"), "sp").toUri().toString(), true);
    }

    Map<String, List<Object>> expected = readOutputs(job, referenceTopics);
    Map<String, List<Object>> actual = readOutputs(job, topics);
    if (restarts > 0) {
      JobRuns.anomaliesWithoutDetail(expected);
      JobRuns.anomaliesWithoutDetail(actual);
    }
    System.out.printf(
        "FIGURES broker-restart %s: input %d records, broker out %d ms (stop, start, leaders), %d job"
            + " restarts, %d checkpoints completed and %d failed%n",
        job.jobName, pings.size(), downMillis, restarts, checkpoints, failedCheckpoints);
    for (Topic<?> topic : job.outputs) {
      Comparison comparison =
          Comparison.of(topic.id(), expected.get(topic.id()), actual.get(topic.id()));
      System.out.println("FIGURES   " + comparison.figures());
      assertThat(comparison.expected()).isPositive();
      assertThat(comparison.lost()).as("lost on %s", topic.id()).isZero();
      assertThat(comparison.duplicated()).as("duplicated on %s", topic.id()).isZero();
      assertThat(comparison.unexpected()).as("unexpected on %s", topic.id()).isZero();
    }
    assertThat(broker.readAll(Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id()))).isEmpty();
  }

  private static Map<String, List<Object>> readOutputs(PlatformJob job, Map<String, String> topics)
      throws Exception {
    Map<String, List<Object>> outputs = new LinkedHashMap<>();
    for (Topic<?> topic : job.outputs) {
      outputs.put(topic.id(), new ArrayList<>(broker.readAll(topic, topics.get(topic.id()))));
    }
    return outputs;
  }

  private static String[] args(Map<String, String> topics, String... extra) {
    return JobRuns.args(broker.bootstrapServers(), topics, extra);
  }
}
