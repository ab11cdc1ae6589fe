package dev.eventplatform.messaging;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.testing.KafkaTestBroker;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads everything a finished bounded job committed to a topic: up to the end offsets a
 * read_committed consumer sees, partition by partition, so a test can count outputs exactly and
 * check per-partition order without guessing how long to wait.
 */
final class OutputTopics {

  private OutputTopics() {}

  /** A record's value bytes and the partition it was read from, in offset order per partition. */
  record Output<T>(int partition, T value, byte[] raw) {}

  static <T> List<Output<T>> readAll(KafkaTestBroker kafka, Topic<T> topic, String topicName) {
    var reader = EventJson.newMapper().readerFor(topic.type());
    List<Output<T>> outputs = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : kafka.readAllRecords(topicName)) {
      try {
        outputs.add(
            new Output<>(record.partition(), reader.readValue(record.value()), record.value()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "output on " + topicName + " is not a " + topic.type().getSimpleName(), e);
      }
    }
    return outputs;
  }

  static <T> List<T> values(List<Output<T>> outputs) {
    return outputs.stream().map(Output::value).toList();
  }
}
