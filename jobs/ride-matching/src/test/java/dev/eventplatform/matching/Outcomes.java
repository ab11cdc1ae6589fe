package dev.eventplatform.matching;

import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideUnmatched;
import dev.eventplatform.serde.EventJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything the job wrote to {@code ride-matches} and {@code ride-unmatched}, repeats included.
 */
final class Outcomes {

  final List<RideMatch> matches = new ArrayList<>();
  final List<RideUnmatched> unmatched = new ArrayList<>();

  /** The requests with at least one outcome. */
  Set<String> settledRequests() {
    Set<String> settled = new HashSet<>();
    matches.forEach(match -> settled.add(match.requestId()));
    unmatched.forEach(end -> settled.add(end.requestId()));
    return settled;
  }

  /**
   * Reads both topics from the start until every one of {@code requestIds} has an outcome or the
   * timeout passes; returns what was read either way, for the test's assertions to judge.
   */
  static Outcomes readUntilSettled(
      String bootstrapServers,
      String matchesTopic,
      String unmatchedTopic,
      Set<String> requestIds,
      Duration timeout)
      throws Exception {
    Outcomes outcomes = new Outcomes();
    var matchReader = EventJson.newMapper().readerFor(RideMatch.class);
    var unmatchedReader = EventJson.newMapper().readerFor(RideUnmatched.class);
    Map<String, Object> properties =
        Map.of(
            "bootstrap.servers",
            bootstrapServers,
            "group.id",
            "test-outcomes-" + UUID.randomUUID(),
            "auto.offset.reset",
            "earliest",
            "key.deserializer",
            ByteArrayDeserializer.class.getName(),
            "value.deserializer",
            ByteArrayDeserializer.class.getName());
    BooleanSupplier done = () -> outcomes.settledRequests().containsAll(requestIds);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of(matchesTopic, unmatchedTopic));
      while (!done.getAsBoolean() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.topic().equals(matchesTopic)) {
            outcomes.matches.add(matchReader.readValue(record.value()));
          } else {
            outcomes.unmatched.add(unmatchedReader.readValue(record.value()));
          }
        }
      }
    }
    return outcomes;
  }
}
