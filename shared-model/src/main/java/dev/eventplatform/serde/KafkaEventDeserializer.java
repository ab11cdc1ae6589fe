package dev.eventplatform.serde;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads Kafka records of one topic into {@link ParsedRecord}s: every record yields exactly one, so
 * a bad record neither fails the source nor disappears.
 *
 * <p>A tombstone (a key with no value) on a topic whose {@link Topic#deletion()} says what it means
 * becomes that event, built from the record's key and timestamp and checked like any other; on
 * every other topic it is a dead letter. It happens here because only the Kafka record has what a
 * tombstone carries instead of a value: its key and its timestamp.
 */
public final class KafkaEventDeserializer<T extends ContractEvent>
    implements KafkaRecordDeserializationSchema<ParsedRecord<T>> {

  private final Topic<T> topic;
  private final String job;
  private transient EventReader<T> reader;

  public KafkaEventDeserializer(Topic<T> topic, String job) {
    this.topic = topic;
    this.job = job;
  }

  @Override
  public void open(InitializationContext context) {
    reader = new EventReader<>(topic.type(), job);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord<T>> out) {
    if (record.value() == null && topic.deletion() != null) {
      out.collect(deletion(record));
    } else {
      out.collect(reader.read(record.topic(), record.partition(), record.offset(), record.value()));
    }
  }

  @Override
  public TypeInformation<ParsedRecord<T>> getProducedType() {
    return typeInfo(topic.type());
  }

  /**
   * The type of {@code ParsedRecord<T>} spelled out, since erasure hides {@code T} from Flink's
   * type extraction (which would otherwise fall back to Kryo).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> TypeInformation<ParsedRecord<T>> typeInfo(Class<T> type) {
    return (TypeInformation)
        Types.POJO(
            ParsedRecord.class,
            Map.of(
                "event", TypeInformation.of(type),
                "deadLetter", TypeInformation.of(DeadLetter.class)));
  }

  private ParsedRecord<T> deletion(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return reader.reject(
          record.topic(),
          record.partition(),
          record.offset(),
          null,
          "a tombstone without a key deletes nothing");
    }
    String key;
    try {
      // Strict: a lenient decoder would turn a broken key into another, existing one.
      key = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(record.key())).toString();
    } catch (CharacterCodingException e) {
      return reader.reject(
          record.topic(),
          record.partition(),
          record.offset(),
          null,
          "the key of a tombstone is not valid UTF-8 text");
    }
    return reader.checked(
        record.topic(),
        record.partition(),
        record.offset(),
        null,
        topic.deletion().of(key, record.timestamp()));
  }
}
