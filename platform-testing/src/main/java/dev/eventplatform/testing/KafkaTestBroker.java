package dev.eventplatform.testing;

import dev.eventplatform.kafka.PartitionLeaders;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.serde.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Kafka broker (combined broker and KRaft controller, in this JVM) for
 * integration tests. It starts once, on first use, and is shared by every test class of the test
 * run; tests keep apart by using {@linkplain #createTopics fresh topic names}.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();
 * }</pre>
 */
public final class KafkaTestBroker implements BeforeAllCallback {

  private static final int PARTITIONS = 2;
  private static final Duration READ_ALL_TIMEOUT = Duration.ofSeconds(60);

  private RunningBroker broker;

  @Override
  public void beforeAll(ExtensionContext context) {
    broker =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(
                RunningBroker.class, key -> RunningBroker.start(), RunningBroker.class);
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /**
   * Creates a fresh topic, with two partitions, for each contract topic given, and returns their
   * names by contract id (the shape of a job's {@code topic.<id>} settings).
   */
  public Map<String, String> createTopics(String testName, Topic<?>... topics) {
    return createTopics(bootstrapServers(), testName, topics);
  }

  /**
   * As {@link #createTopics(String, Topic[])}, on any broker (one a test starts and stops itself),
   * once every new partition has a leader.
   */
  public static Map<String, String> createTopics(
      String bootstrapServers, String testName, Topic<?>... topics) {
    String suffix = testName + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> names = new LinkedHashMap<>();
    List<NewTopic> newTopics = new ArrayList<>();
    for (Topic<?> topic : topics) {
      String name = topic.id() + "-" + suffix;
      names.put(topic.id(), name);
      newTopics.add(new NewTopic(name, PARTITIONS, (short) 1));
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.createTopics(newTopics).all().get();
      PartitionLeaders.await(admin, names.values());
    } catch (Exception e) {
      throw new IllegalStateException("cannot create test topics " + names.values(), e);
    }
    return names;
  }

  /**
   * Sends raw records, keyed, and waits until the broker has acknowledged every one; a record that
   * could not be written fails the test here rather than going missing.
   */
  public void sendRaw(String topicName, List<Map.Entry<String, byte[]>> keyedValues) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(keyedValues.size());
    for (Map.Entry<String, byte[]> record : keyedValues) {
      records.add(new ProducerRecord<>(topicName, utf8(record.getKey()), record.getValue()));
    }
    sendAndWait(topicName, records);
  }

  /**
   * Sends a tombstone (the key, no value), as a producer deleting a key of a compacted topic does,
   * with the record timestamp a reader takes as the time of the deletion.
   */
  public void sendTombstone(String topicName, String key, long timestamp) {
    sendAndWait(
        topicName,
        List.of(new ProducerRecord<byte[], byte[]>(topicName, null, timestamp, utf8(key), null)));
  }

  private void sendAndWait(String topicName, List<ProducerRecord<byte[], byte[]>> records) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        sent.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + topicName, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "a test record was not written to " + topicName, e.getCause());
    }
  }

  /**
   * The end offset of every partition of a topic: how many records it holds, for tests that check
   * their input was written intact.
   */
  public Map<TopicPartition, Long> endOffsets(String topicName) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      return PartitionLeaders.endOffsets(admin, List.of(topicName));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the end offsets of " + topicName, e);
    }
  }

  /** Sends events as the contract's JSON, keyed by the topic's key field. */
  public <T> void send(Topic<T> topic, String topicName, List<T> events) {
    var writer = EventJson.newMapper().writerFor(topic.type());
    List<Map.Entry<String, byte[]>> records = new ArrayList<>();
    for (T event : events) {
      try {
        records.add(Map.entry(topic.keyOf(event), writer.writeValueAsBytes(event)));
      } catch (Exception e) {
        throw new IllegalArgumentException("cannot write " + event, e);
      }
    }
    sendRaw(topicName, records);
  }

  /**
   * Reads the committed records of a topic from the beginning until {@code done} holds for what was
   * read, or until {@code timeout}; returns what was read either way, so a test's assertion (not
   * this method) says what is missing.
   */
  public List<ConsumerRecord<String, byte[]>> readUntil(
      String topicName, Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
      consumer.subscribe(List.of(topicName));
      while (!done.test(records) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          records.add(withStringKey(record));
        }
      }
    }
    return records;
  }

  /** Reads a topic until at least {@code count} records came, then parses their values. */
  public <T> List<T> read(Topic<T> topic, String topicName, int count, Duration timeout) {
    var reader = EventJson.newMapper().readerFor(topic.type());
    List<T> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record :
        readUntil(topicName, read -> read.size() >= count, timeout)) {
      try {
        events.add(reader.readValue(record.value()));
      } catch (Exception e) {
        throw new IllegalStateException(
            "output on " + topicName + " is not a " + topic.type().getSimpleName(), e);
      }
    }
    return events;
  }

  /**
   * Every committed record of a topic, read up to its end offsets: exact for the outputs of a job
   * that has finished, where {@link #read} could stop before an unexpected extra record.
   */
  public <T> List<T> readAll(Topic<T> topic, String topicName) {
    var reader = EventJson.newMapper().readerFor(topic.type());
    List<T> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : readAllRecords(topicName)) {
      try {
        events.add(reader.readValue(record.value()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "output on " + topicName + " is not a " + topic.type().getSimpleName(), e);
      }
    }
    return events;
  }

  /**
   * Like {@link #readAll}, as raw records in offset order per partition, for tests that check
   * partitions, keys or exact bytes.
   */
  public List<ConsumerRecord<String, byte[]>> readAllRecords(String topicName) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + READ_ALL_TIMEOUT.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topicName).stream()
              .map(info -> new TopicPartition(topicName, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topicName + " to its end in " + READ_ALL_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          records.add(withStringKey(record));
        }
      }
    }
    return records;
  }

  private static byte[] utf8(String key) {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  private Properties producerProperties() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 * 1024 * 1024));
    return properties;
  }

  private Properties consumerProperties() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return properties;
  }

  private static ConsumerRecord<String, byte[]> withStringKey(
      ConsumerRecord<byte[], byte[]> record) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return new ConsumerRecord<>(
        record.topic(), record.partition(), record.offset(), key, record.value());
  }

  /** The broker process itself, closed by JUnit when the whole test run ends. */
  private record RunningBroker(KafkaClusterTestKit cluster)
      implements ExtensionContext.Store.CloseableResource {

    static RunningBroker start() {
      try {
        KafkaClusterTestKit cluster =
            new KafkaClusterTestKit.Builder(
                    new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                // Tests feed oversized records on purpose, to see them dead-lettered.
                .setConfigProp("message.max.bytes", String.valueOf(4 * 1024 * 1024))
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new RunningBroker(cluster);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test Kafka broker", e);
      }
    }

    String bootstrapServers() {
      return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
      cluster.close();
    }
  }
}
