package dev.eventplatform.reliability;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.launcher.KafkaBrokerProcess;
import dev.eventplatform.launcher.PlatformLayout;
import dev.eventplatform.launcher.Ports;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka broker a test can stop and start again where its clients expect it: a child process (the
 * launcher's {@link KafkaBrokerProcess}) with a data folder of its own and fixed ports, which the
 * in-process {@code KafkaTestBroker} cannot offer. Topics have two partitions and one replica.
 */
final class RestartableBroker implements AutoCloseable {

  private static final int PARTITIONS = 2;

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private KafkaBrokerProcess process;

  private RestartableBroker(Path dataDir, int port, int controllerPort) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Starts a broker on free ports with a fresh data folder under {@code /tmp}. */
  static RestartableBroker start(String name) throws Exception {
    RestartableBroker broker =
        new RestartableBroker(
            Files.createTempDirectory(Path.of("/tmp"), name), Ports.anyFree(), Ports.anyFree());
    broker.startAgain();
    return broker;
  }

  /**
   * The cluster's restart strategy in production ({@code flink-conf/}): exponential delay, so a job
   * whose broker is down backs off and recovers by itself once it is back (max backoff shortened).
   */
  static Configuration productionRestarts() {
    Configuration conf = new Configuration();
    conf.setString("restart-strategy.type", "exponential-delay");
    conf.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
    conf.setString("restart-strategy.exponential-delay.max-backoff", "10 s");
    return conf;
  }

  String bootstrapServers() {
    return "localhost:" + port;
  }

  /** Stops the broker cleanly (it flushes and closes its logs). */
  void stop() {
    process.stop();
  }

  /**
   * Starts the broker on the same ports and data folder; returns once every partition it holds has
   * a leader again, so clients may write at once.
   */
  void startAgain() {
    process =
        KafkaBrokerProcess.start(
            PlatformLayout.fromSystemProperty(), dataDir, port, controllerPort, PARTITIONS);
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop();
    }
  }

  /** Fresh topics for the contract topics given, named by contract id, served before use. */
  Map<String, String> createTopics(String testName, Topic<?>... topics) {
    return KafkaTestBroker.createTopics(bootstrapServers(), testName, topics);
  }

  /** Sends events as the contract's keyed JSON and waits until the broker acknowledged each. */
  void send(Map<String, String> topics, Topic<?> topic, List<? extends ContractEvent> events)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrapServers(),
            "acks",
            "all",
            "key.serializer",
            ByteArraySerializer.class.getName(),
            "value.serializer",
            ByteArraySerializer.class.getName());
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (Map.Entry<String, byte[]> record :
          JobRuns.records(topic, new ArrayList<ContractEvent>(events))) {
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
  <T> List<T> readAll(Topic<T> topic, String name) throws Exception {
    var reader = EventJson.newMapper().readerFor(topic.type());
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrapServers(),
            "isolation.level",
            "read_committed",
            "key.deserializer",
            ByteArrayDeserializer.class.getName(),
            "value.deserializer",
            ByteArrayDeserializer.class.getName());
    List<T> events = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(name, p));
      }
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
