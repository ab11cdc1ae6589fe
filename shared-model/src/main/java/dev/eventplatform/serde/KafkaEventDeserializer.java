package dev.eventplatform.serde;

import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.DeadLetter;
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
 */
public final class KafkaEventDeserializer<T extends ContractEvent>
    implements KafkaRecordDeserializationSchema<ParsedRecord<T>> {

  private final Class<T> type;
  private final String job;
  private transient EventReader<T> reader;

  public KafkaEventDeserializer(Class<T> type, String job) {
    this.type = type;
    this.job = job;
  }

  @Override
  public void open(InitializationContext context) {
    reader = new EventReader<>(type, job);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord<T>> out) {
    out.collect(reader.read(record.topic(), record.partition(), record.offset(), record.value()));
  }

  @Override
  public TypeInformation<ParsedRecord<T>> getProducedType() {
    return typeInfo(type);
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
}
