package dev.eventplatform.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.eventplatform.kafka.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema.InitializationContext;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes events as JSON values keyed by the topic's key field. The record timestamp is left to the
 * producer (the time it was written), so the gap between an input record's timestamp and an output
 * record's is the platform's end-to-end latency.
 */
public final class KafkaJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {

  private final Topic<T> topic;
  private final String topicName;
  private transient ObjectWriter writer;

  public KafkaJsonSerializer(Topic<T> topic, String topicName) {
    this.topic = topic;
    this.topicName = topicName;
  }

  @Override
  public void open(InitializationContext context, KafkaSinkContext sinkContext) {
    writer = EventJson.newMapper().writerFor(topic.type());
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T event, KafkaSinkContext context, Long timestamp) {
    try {
      byte[] key = topic.keyOf(event).getBytes(StandardCharsets.UTF_8);
      return new ProducerRecord<>(topicName, null, null, key, writer.writeValueAsBytes(event));
    } catch (JsonProcessingException e) {
      // Our own records always serialize; failing here is a bug, not bad input.
      throw new IllegalStateException(
          "cannot write " + topic.type().getSimpleName() + " as JSON", e);
    }
  }
}
