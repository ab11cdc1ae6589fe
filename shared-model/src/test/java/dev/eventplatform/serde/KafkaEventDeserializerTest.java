package dev.eventplatform.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.ViewingEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * {@link KafkaEventDeserializer}: tombstones delete a key where the topic says so and are dead
 * letters everywhere else.
 */
class KafkaEventDeserializerTest {

  private static final long TS = 1_767_225_600_000L;

  @Test
  void aCatalogTombstoneRemovesItsTitleAtTheRecordTimestamp() {
    ParsedRecord<CatalogEntry> record = deserialize(Topics.CONTENT_CATALOG, bytes("c1"), null, TS);

    assertThat(record.isEvent()).isTrue();
    assertThat(record.event()).isEqualTo(CatalogEntry.removal("c1", TS));
    assertThat(record.event().isRemoved()).isTrue();
    assertThat(record.event().contentId()).isEqualTo("c1");
    assertThat(record.event().ts()).isEqualTo(TS);
  }

  @Test
  void removedTrueStillRemovesATitle() {
    String json =
        "{\"contentId\":\"c1\",\"title\":\"T\",\"genres\":[\"drama\"],\"releaseTs\":1,"
            + "\"durationMs\":1,\"ts\":"
            + TS
            + ",\"removed\":true}";

    ParsedRecord<CatalogEntry> record =
        deserialize(Topics.CONTENT_CATALOG, bytes("c1"), bytes(json), TS);

    assertThat(record.event().isRemoved()).isTrue();
    assertThat(record.event().contentId()).isEqualTo("c1");
  }

  @Test
  void aTombstoneOnATopicWithoutDeletionsIsADeadLetter() {
    ParsedRecord<ViewingEvent> record = deserialize(Topics.VIEWING_EVENTS, bytes("u1"), null, TS);

    assertThat(record.isEvent()).isFalse();
    DeadLetter letter = record.deadLetter();
    assertThat(letter.error())
        .isEqualTo(
            "not a valid ViewingEvent: a tombstone (a key with no value), which deletes nothing"
                + " on this topic");
    assertThat(letter.sourceTopic()).isEqualTo("viewing-events");
    assertThat(letter.partition()).isEqualTo(1);
    assertThat(letter.offset()).isEqualTo(42);
    assertThat(letter.job()).isEqualTo("test-job");
    assertThat(letter.payload()).isEmpty();
  }

  @Test
  void aCatalogTombstoneThatCannotNameOrTimeItsTitleIsADeadLetter() {
    assertThat(error(deserialize(Topics.CONTENT_CATALOG, null, null, TS)))
        .contains("a tombstone without a key");
    assertThat(error(deserialize(Topics.CONTENT_CATALOG, new byte[] {(byte) 0xC3}, null, TS)))
        .contains("key of a tombstone is not valid UTF-8");
    assertThat(error(deserialize(Topics.CONTENT_CATALOG, bytes(" "), null, TS)))
        .contains("field 'contentId' must not be blank");
    assertThat(
            error(
                deserialize(
                    Topics.CONTENT_CATALOG, bytes("c1"), null, ConsumerRecord.NO_TIMESTAMP)))
        .contains("field 'ts'");
  }

  @Test
  void anEmptyValueIsNotATombstone() {
    assertThat(error(deserialize(Topics.CONTENT_CATALOG, bytes("c1"), new byte[0], TS)))
        .contains("empty record");
  }

  private static <T extends ContractEvent> ParsedRecord<T> deserialize(
      Topic<T> topic, byte[] key, byte[] value, long timestamp) {
    KafkaEventDeserializer<T> deserializer = new KafkaEventDeserializer<>(topic, "test-job");
    deserializer.open(null);
    List<ParsedRecord<T>> out = new ArrayList<>();
    deserializer.deserialize(
        new ConsumerRecord<>(
            topic.id(),
            1,
            42,
            timestamp,
            TimestampType.CREATE_TIME,
            key == null ? -1 : key.length,
            value == null ? -1 : value.length,
            key,
            value,
            new RecordHeaders(),
            Optional.empty()),
        new ListCollector<>(out));
    assertThat(out).as("one parsed record per Kafka record").hasSize(1);
    return out.get(0);
  }

  private static String error(ParsedRecord<?> record) {
    assertThat(record.isEvent()).isFalse();
    return record.deadLetter().error();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
