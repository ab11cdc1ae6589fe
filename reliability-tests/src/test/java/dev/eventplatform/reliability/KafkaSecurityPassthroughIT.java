package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventplatform.kafka.PartitionLeaders;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.testing.FlinkTestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka client security passes through from configuration: location-ingest reads and writes (its
 * outputs and dead letters, transactions included) through a broker that only has a SASL_PLAINTEXT
 * listener with the PLAIN mechanism, given nothing but the three {@code --kafka.*} settings a
 * deployment would set. The broker is Kafka's own test kit in SASL mode: its JAAS file knows the
 * users {@value JaasUtils#KAFKA_PLAIN_ADMIN} (a super user) and {@value
 * JaasUtils#KAFKA_PLAIN_USER1}, and it denies whatever no ACL allows.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaSecurityPassthroughIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();

  private static final int DRIVERS = 10;
  private static final int PINGS_PER_DRIVER = 20;

  /** What a deployment sets to reach a SASL/PLAIN listener, as job arguments. */
  private static final Map<String, String> SECURITY =
      Map.of(
          "security.protocol",
          "SASL_PLAINTEXT",
          "sasl.mechanism",
          "PLAIN",
          "sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
              + JaasUtils.KAFKA_PLAIN_ADMIN
              + "\" password=\""
              + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD
              + "\";");

  private static KafkaClusterTestKit broker;

  @BeforeAll
  static void startSaslBroker() throws Exception {
    broker =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    broker.format();
    broker.startup();
    broker.waitForReadyBrokers();
  }

  @AfterAll
  static void stopSaslBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Tag("ci")
  @Test
  void aJobReadsAndWritesThroughASaslListenerWithOnlyTheKafkaSettings() throws Exception {
    assertThatThrownBy(() -> listTopics(Map.of()))
        .as("a client without the security settings is not let in")
        .isInstanceOf(ExecutionException.class);

    PlatformJob job = PlatformJob.LOCATION_INGEST;
    Map<String, String> topics = createTopics(job);
    List<ContractEvent> pings = new ArrayList<>();
    for (int i = 0; i < PINGS_PER_DRIVER; i++) {
      for (int d = 0; d < DRIVERS; d++) {
        pings.add(
            DriverLocation.of(
                "driver-" + d,
                Workloads.LAT + d * 0.001 + i * 0.0001,
                Workloads.LNG,
                Workloads.T0 + i * 4 * Workloads.SECOND + d));
      }
    }
    send(topics.get(Topics.DRIVER_LOCATIONS.id()), JobRuns.records(Topics.DRIVER_LOCATIONS, pings));

    List<String> extra = new ArrayList<>(List.of("--bounded", "true"));
    SECURITY.forEach((key, value) -> extra.addAll(List.of("--kafka." + key, value)));
    // Restart strategy none: a client that cannot authenticate fails the job, and execute() throws.
    job.wire(
            JobRuns.args(broker.bootstrapServers(), topics, extra.toArray(String[]::new)),
            InputTap.NONE)
        .kafka()
        .execute();

    List<DriverPosition> positions =
        readAll(Topics.DRIVER_POSITIONS, topics.get(Topics.DRIVER_POSITIONS.id()));
    List<?> anomalies =
        readAll(Topics.LOCATION_ANOMALIES, topics.get(Topics.LOCATION_ANOMALIES.id()));
    List<?> deadLetters = readAll(Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id()));
    Set<String> moves =
        positions.stream()
            .filter(position -> !position.expired())
            .map(position -> position.driverId() + " @ " + position.ts())
            .collect(Collectors.toSet());
    long expiries = positions.stream().filter(DriverPosition::expired).count();
    System.out.printf(
        "FIGURES sasl-passthrough %s: %d pings in over SASL_PLAINTEXT/PLAIN, %d positions and %d"
            + " expiries out, %d anomalies, %d dead letters, lost %d, 0 restarts%n",
        job.jobName,
        pings.size(),
        moves.size(),
        expiries,
        anomalies.size(),
        deadLetters.size(),
        pings.size() - moves.size());
    assertThat(moves)
        .as("a position for every ping, read and written through the SASL listener")
        .containsExactlyInAnyOrderElementsOf(
            pings.stream()
                .map(ping -> (DriverLocation) ping)
                .map(ping -> ping.driverId() + " @ " + ping.ts())
                .toList());
    assertThat(positions).hasSize(pings.size() + DRIVERS); // one expiry per driver at the end
    assertThat(anomalies).isEmpty();
    assertThat(deadLetters).isEmpty();
  }

  /** Client properties for the SASL broker: its address and {@code security}. */
  private static Map<String, Object> client(Map<String, String> security) {
    Map<String, Object> properties = new HashMap<>(security);
    properties.put("bootstrap.servers", broker.bootstrapServers());
    return properties;
  }

  private static Set<String> listTopics(Map<String, String> security) throws Exception {
    Map<String, Object> properties = client(security);
    properties.put("default.api.timeout.ms", "5000");
    properties.put("request.timeout.ms", "5000");
    try (Admin admin = Admin.create(properties)) {
      return admin.listTopics().names().get();
    }
  }

  /** Every topic the job touches, created and served (each leader answers) before use. */
  private static Map<String, String> createTopics(PlatformJob job) throws Exception {
    String suffix = "sasl-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> names = new LinkedHashMap<>();
    List<NewTopic> newTopics = new ArrayList<>();
    for (Topic<?> topic : job.allTopics()) {
      names.put(topic.id(), topic.id() + "-" + suffix);
      newTopics.add(new NewTopic(topic.id() + "-" + suffix, 2, (short) 1));
    }
    try (Admin admin = Admin.create(client(SECURITY))) {
      admin.createTopics(newTopics).all().get();
      PartitionLeaders.await(admin, names.values());
    }
    return names;
  }

  private static void send(String topicName, List<Map.Entry<String, byte[]>> records)
      throws Exception {
    Map<String, Object> properties = client(SECURITY);
    properties.put("acks", "all");
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      for (Map.Entry<String, byte[]> record : records) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    topicName,
                    record.getKey().getBytes(StandardCharsets.UTF_8),
                    record.getValue())));
      }
      producer.flush();
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    }
  }

  /** Every committed record of a topic, up to its end offsets, read through the SASL listener. */
  private static <T> List<T> readAll(Topic<T> topic, String name) throws Exception {
    var reader = EventJson.newMapper().readerFor(topic.type());
    Map<String, Object> properties = client(SECURITY);
    properties.put("isolation.level", "read_committed");
    properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
    properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
    List<T> events = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions =
          List.of(new TopicPartition(name, 0), new TopicPartition(name, 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("reading %s to its end", name).isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          events.add(reader.readValue(record.value()));
        }
      }
    }
    return events;
  }
}
