package dev.eventplatform.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.video.ScoredTitle;
import dev.eventplatform.model.video.TitleViews;
import dev.eventplatform.serde.KafkaEventDeserializer;
import dev.eventplatform.serde.ParsedRecord;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event type is a Flink POJO serialized without Kryo: Kryo would be slow, and a type that
 * silently falls back to it breaks savepoint compatibility when the class changes.
 */
class EventTypesTest {

  static Stream<Class<?>> eventTypes() {
    return Stream.concat(
        Topics.ALL.stream().map(Topic::type), Stream.of(ScoredTitle.class, TitleViews.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  void isSerializedAsAPojoWithoutKryo(Class<?> type) {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
  }

  @Test
  void everyContractTopicIsRegisteredOnce() {
    assertThat(Topics.ALL).hasSize(25);
    assertThat(Topics.ALL.stream().map(Topic::id)).doesNotHaveDuplicates();
  }

  @Test
  void aParsedRecordIsAPojoOfItsEventAndDeadLetter() {
    TypeInformation<ParsedRecord<DriverLocation>> info =
        KafkaEventDeserializer.typeInfo(DriverLocation.class);
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);

    assertThat(info.createSerializer(noKryo)).isInstanceOf(PojoSerializer.class);
  }
}
