package dev.eventplatform.benchmarks;

import dev.eventplatform.kafka.PartitionLeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker (KRaft, broker and controller combined) in this JVM, plus the few
 * client operations the benchmarks need: create topics, bulk-load them, and read them back with the
 * records' timestamps.
 *
 * <p>In-process rather than a child process so that one command runs the suite with nothing to
 * install or clean up; the broker shares the JVM's heap and the machine's cores with Flink either
 * way (there are two). It is configured like platform-testing's test broker, plus the transaction
 * timeout the jobs' exactly-once sinks ask for.
 */
final class BenchmarkKafka implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private BenchmarkKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  static BenchmarkKafka start() throws Exception {
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
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new BenchmarkKafka(cluster);
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates topics with {@code partitions} partitions each (one per Flink subtask at most). */
  void createTopics(int partitions, List<String> names) {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, partitions, (short) 1));
    }
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get();
      PartitionLeaders.await(admin, names);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topics " + names, e);
    }
  }

  /** A producer tuned for bulk loading: big batches, compression off (the broker is local). */
  KafkaProducer<byte[], byte[]> producer() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));
    return new KafkaProducer<>(properties);
  }

  /** A producer for paced latency runs: sends at once, so the timestamp is the send time. */
  KafkaProducer<byte[], byte[]> lowLatencyProducer() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(ProducerConfig.ACKS_CONFIG, "1");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(properties);
  }

  static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(
        topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
  }

  /**
   * Number of records in a topic (sum of end offsets; exact for topics written without
   * transactions).
   */
  long endOffsetSum(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_uncommitted")) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Whether the consumer group has committed offsets at the end of every partition of the topics.
   */
  boolean groupCaughtUp(String groupId, List<String> topics) {
    return groupLag(groupId, topics) == 0;
  }

  /**
   * Records in the topics beyond the consumer group's committed offsets. A Flink source commits on
   * checkpoints, so this lags what the job has read by up to a checkpoint interval.
   */
  long groupLag(String groupId, List<String> topics) {
    try (Admin admin = admin()) {
      Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (String topic : topics) {
        for (var info :
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
          latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest());
        }
      }
      long lag = 0;
      for (var end : admin.listOffsets(latest).all().get().entrySet()) {
        var offset = committed.get(end.getKey());
        lag += Math.max(0, end.getValue().offset() - (offset == null ? 0 : offset.offset()));
      }
      return lag;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read offsets of group " + groupId, e);
    }
  }

  /**
   * Reads every committed record of a topic up to its current end and hands each to {@code sink};
   * returns how many there were.
   */
  long readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_committed")) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          sink.accept(record);
          count++;
        }
      }
    }
    return count;
  }

  /**
   * Follows topics from their beginning in a thread of its own (read_uncommitted, so exactly-once
   * output is seen when it is written, not when it is committed) until closed.
   */
  Follower follow(List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    return new Follower(consumer("read_uncommitted"), topics, sink);
  }

  private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-reader-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(properties);
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    return consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition()))
        .toList();
  }

  private Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /** A consumer thread that hands every record of some topics to a sink until closed. */
  static final class Follower implements AutoCloseable {
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private Follower(
        KafkaConsumer<byte[], byte[]> consumer,
        List<String> topics,
        Consumer<ConsumerRecord<byte[], byte[]>> sink) {
      thread =
          new Thread(
              () -> {
                try (consumer) {
                  List<TopicPartition> partitions = new ArrayList<>();
                  for (String topic : topics) {
                    partitions.addAll(partitions(consumer, topic));
                  }
                  consumer.assign(partitions);
                  consumer.seekToBeginning(partitions);
                  while (running) {
                    for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(50))) {
                      sink.accept(record);
                    }
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              "benchmark-follower-" + topics.get(0));
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(10_000);
      if (failure.get() != null) {
        throw new IllegalStateException("reading outputs failed", failure.get());
      }
    }
  }
}
