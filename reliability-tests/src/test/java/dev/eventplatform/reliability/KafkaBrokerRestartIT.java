package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.PartitionLeaders;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.launcher.KafkaBrokerProcess;
import dev.eventplatform.launcher.PlatformLayout;
import dev.eventplatform.launcher.Ports;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.testing.FlinkTestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
 * KafkaBrokerProcess}, the launcher's) with its own data folder and a fixed port, so it can be
 * stopped and started again where clients expect it (the in-process test broker cannot). The
 * cluster restarts failed jobs with an exponential delay, as {@code flink-conf/} does in
 * production. Half the input is processed, the broker restarts, the other half arrives; the outputs
 * must equal those of an uninterrupted bounded run: nothing lost, nothing duplicated.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaBrokerRestartIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK = FlinkTestCluster.extension(productionRestarts());

  private static KafkaBrokerProcess broker;
  private static Path dataDir;
  private static int port;
  private static int controllerPort;

  private static Configuration productionRestarts() {
    Configuration conf = new Configuration();
    conf.setString("restart-strategy.type", "exponential-delay");
    conf.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
    conf.setString("restart-strategy.exponential-delay.max-backoff", "10 s");
    return conf;
  }

  @BeforeAll
  static void startBroker() throws Exception {
    dataDir = Files.createTempDirectory(Path.of("/tmp"), "kafka-restart");
    port = Ports.anyFree();
    controllerPort = Ports.anyFree();
    broker =
        KafkaBrokerProcess.start(
            PlatformLayout.fromSystemProperty(), dataDir, port, controllerPort, 2);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.stop();
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

    Map<String, String> referenceTopics = createTopics(job, "uninterrupted");
    send(referenceTopics, Topics.DRIVER_LOCATIONS, pings);
    job.wire(args(referenceTopics, "--bounded", "true"), InputTap.NONE).kafka().execute();

    Map<String, String> topics = createTopics(job, "restarted");
    String groupId = "restart-" + UUID.randomUUID();
    send(topics, Topics.DRIVER_LOCATIONS, firstHalf);
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
      broker =
          KafkaBrokerProcess.start(
              PlatformLayout.fromSystemProperty(), dataDir, port, controllerPort, 2);
      // start returns once the partitions have leaders again, so the second half can go at once.
      downMillis = Duration.ofNanos(System.nanoTime() - stopped).toMillis();

      send(topics, Topics.DRIVER_LOCATIONS, secondHalf);
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
    assertThat(readAll(Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id()))).isEmpty();
  }

  private static Map<String, List<Object>> readOutputs(PlatformJob job, Map<String, String> topics)
      throws Exception {
    Map<String, List<Object>> outputs = new LinkedHashMap<>();
    for (Topic<?> topic : job.outputs) {
      outputs.put(topic.id(), readAll(topic, topics.get(topic.id())));
    }
    return outputs;
  }

  private static Map<String, String> createTopics(PlatformJob job, String testName)
      throws Exception {
    Map<String, String> names = new LinkedHashMap<>();
    List<NewTopic> topics = new ArrayList<>();
    for (Topic<?> topic : job.allTopics()) {
      String name =
          topic.id() + "-" + testName + "-" + UUID.randomUUID().toString().substring(0, 8);
      names.put(topic.id(), name);
      topics.add(new NewTopic(name, 2, (short) 1));
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(topics).all().get();
      PartitionLeaders.await(admin, names.values());
    }
    return names;
  }

  private static String[] args(Map<String, String> topics, String... extra) {
    return JobRuns.args(broker.bootstrapServers(), topics, extra);
  }

  private static void send(Map<String, String> topics, Topic<?> topic, List<ContractEvent> events)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            broker.bootstrapServers(),
            "acks",
            "all",
            "key.serializer",
            ByteArraySerializer.class.getName(),
            "value.serializer",
            ByteArraySerializer.class.getName());
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (Map.Entry<String, byte[]> record : JobRuns.records(topic, events)) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    topics.get(topic.id()),
                    record.getKey().getBytes(StandardCharsets.UTF_8),
                    record.getValue())));
      }
      producer.flush();
      // A record the broker refused fails the test here instead of going missing from the input.
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    }
  }

  /** Every committed record of a topic, up to its end offsets. */
  private static List<Object> readAll(Topic<?> topic, String name) throws Exception {
    var reader = EventJson.newMapper().readerFor(topic.type());
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            broker.bootstrapServers(),
            "isolation.level",
            "read_committed",
            "key.deserializer",
            ByteArrayDeserializer.class.getName(),
            "value.deserializer",
            ByteArrayDeserializer.class.getName());
    List<Object> events = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          List.of(new TopicPartition(name, 0), new TopicPartition(name, 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          events.add(reader.readValue(record.value()));
        }
      }
    }
    return events;
  }
}
