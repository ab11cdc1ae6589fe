package dev.eventplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.serde.EventReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {

  /** A Tuesday, 17:00 in Berlin: evening rush, a concert coming up. */
  static final long START = Instant.parse("2026-11-24T16:00:00Z").toEpochMilli();

  static final List<String> ALL_DOMAINS = List.of("ride", "video", "chat");
  static final long TICK_MS = 100;

  @Test
  void sameSeedGivesSameEvents() {
    List<String> first = describe(run(7, 60, 0.02, 60));
    List<String> second = describe(run(7, 60, 0.02, 60));

    assertThat(first).hasSizeGreaterThan(3_500).isEqualTo(second);
  }

  @Test
  void anotherSeedGivesOtherEvents() {
    List<String> first = describe(run(7, 60, 0.02, 60));
    List<String> other = describe(run(8, 60, 0.02, 60));

    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void sendsTheConfiguredRateOnSimulatedTime() {
    double rate = 90;
    int seconds = 120;
    List<OutgoingRecord> records = run(3, rate, 0.01, seconds);

    assertThat((double) records.size()).isCloseTo(rate * seconds, within(rate * seconds * 0.01));
    Map<String, Long> byDomain = new HashMap<>();
    for (OutgoingRecord record : records) {
      byDomain.merge(domainOf(record.topic()), 1L, Long::sum);
    }
    assertThat(byDomain).containsOnlyKeys(ALL_DOMAINS);
    byDomain
        .values()
        .forEach(
            count ->
                assertThat((double) count)
                    .isCloseTo(rate * seconds / 3, within(rate * seconds / 3 * 0.02)));
  }

  @Test
  void keepsTheRateSecondBySecondOnceTheStartBurstIsOut() {
    double rate = 90;
    Simulation simulation = new Simulation(ALL_DOMAINS, rate, 5, 0.0, START, "t");
    // The first seconds carry the catalog, every driver's first status and the groups: skip them.
    for (long t = START; t <= START + 60_000; t += TICK_MS) {
      simulation.advanceTo(t);
    }
    for (int second = 0; second < 60; second++) {
      int sent = 0;
      long from = START + 60_000 + second * 1_000L;
      for (long t = from + TICK_MS; t <= from + 1_000; t += TICK_MS) {
        sent += simulation.advanceTo(t).size();
      }
      // Whole events only: a second may carry one more or one fewer than the rate's fractions.
      assertThat(sent).as("second %d", second).isBetween((int) rate - 3, (int) rate + 3);
    }
  }

  @Test
  void spoilsTheConfiguredShareAndOnlyThose() {
    List<OutgoingRecord> records = run(11, 120, 0.05, 60);
    Map<Topic<?>, EventReader<?>> readers = new HashMap<>();
    int malformed = 0;
    for (OutgoingRecord record : records) {
      EventReader<?> reader = readers.computeIfAbsent(record.topic(), SimulationTest::readerFor);
      boolean accepted = reader.read(record.topic().id(), 0, 0, record.value()).isEvent();
      assertThat(accepted)
          .as("%s record accepted: %s", record.topic(), new String(record.value()))
          .isEqualTo(!record.malformed());
      malformed += record.malformed() ? 1 : 0;
    }

    assertThat((double) malformed / records.size()).isCloseTo(0.05, within(0.01));
  }

  @Test
  void producesEveryInputTopic() {
    List<OutgoingRecord> records = run(1, 60, 0.0, 120);

    assertThat(records.stream().map(record -> record.topic().id()).distinct())
        .containsExactlyInAnyOrder(
            "driver-locations",
            "driver-status",
            "ride-requests",
            "pricing-context",
            "content-catalog",
            "viewing-events",
            "playback-heartbeats",
            "chat-messages",
            "presence",
            "group-membership");
    // receipts answer deliveries: MessengerWorldTest feeds those.
  }

  @Test
  void simulatesOnlyTheChosenDomains() {
    List<OutgoingRecord> records = new ArrayList<>();
    Simulation simulation = new Simulation(List.of("video"), 50, 1, 0.0, START, "t");
    for (long t = START; t <= START + 30_000; t += TICK_MS) {
      records.addAll(simulation.advanceTo(t));
    }

    assertThat(records)
        .isNotEmpty()
        .allSatisfy(record -> assertThat(domainOf(record.topic())).isEqualTo("video"));
    assertThat(simulation.city()).isNull();
    assertThat(simulation.messenger()).isNull();
  }

  static List<OutgoingRecord> run(long seed, double rate, double malformedShare, int seconds) {
    Simulation simulation = new Simulation(ALL_DOMAINS, rate, seed, malformedShare, START, "t");
    List<OutgoingRecord> records = new ArrayList<>();
    for (long t = START; t <= START + seconds * 1_000L; t += TICK_MS) {
      records.addAll(simulation.advanceTo(t));
    }
    return records;
  }

  /**
   * Records as text, with each ciphertext left out: encryption draws on secure randomness on
   * purpose, so only the ciphertext may differ between two runs with one seed.
   */
  private static List<String> describe(List<OutgoingRecord> records) {
    List<String> described = new ArrayList<>(records.size());
    for (OutgoingRecord record : records) {
      Object event = record.event();
      String value =
          event instanceof ChatMessage || event == null && record.topic() == Topics.CHAT_MESSAGES
              ? String.valueOf(event) // ChatMessage.toString() leaves the ciphertext out
              : new String(record.value());
      described.add(record.topic().id() + " " + record.key() + " " + value);
    }
    return described;
  }

  private static String domainOf(Topic<?> topic) {
    return switch (topic.id()) {
      case "driver-locations", "driver-status", "ride-requests", "pricing-context" -> "ride";
      case "content-catalog", "viewing-events", "playback-heartbeats" -> "video";
      default -> "chat";
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static EventReader<?> readerFor(Topic<?> topic) {
    return new EventReader(topic.type().asSubclass(ContractEvent.class), "test");
  }
}
