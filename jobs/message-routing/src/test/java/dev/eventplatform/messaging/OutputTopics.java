package dev.eventplatform.messaging;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.serde.EventJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads everything a finished bounded job committed to a topic: up to the end offsets a
 * read_committed consumer sees, partition by partition, so a test can count outputs exactly and
 * check per-partition order without guessing how long to wait.
 */
final class OutputTopics {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private OutputTopics() {}

  /** A record's value bytes and the partition it was read from, in offset order per partition. */
  record Output<T>(int partition, T value, byte[] raw) {}

  static <T> List<Output<T>> readAll(String bootstrapServers, Topic<T> topic, String topicName) {
    var reader = EventJson.newMapper().readerFor(topic.type());
    List<Output<T>> outputs = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(bootstrapServers))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topicName).stream()
              .map(info -> new TopicPartition(topicName, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topicName + " to its end in " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          outputs.add(new Output<>(record.partition(), reader.readValue(record.value()), record.value()));
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("output on " + topicName + " is not a " + topic.type().getSimpleName(), e);
    }
    return outputs;
  }

  static <T> List<T> values(List<Output<T>> outputs) {
    return outputs.stream().map(Output::value).toList();
  }

  private static Properties properties(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return properties;
  }
}
