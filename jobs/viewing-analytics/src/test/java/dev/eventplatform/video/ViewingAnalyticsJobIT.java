package dev.eventplatform.video;

import static dev.eventplatform.model.video.PlaybackState.ENDED;
import static dev.eventplatform.model.video.PlaybackState.PLAYING;
import static dev.eventplatform.model.video.PlaybackState.REBUFFERING;
import static dev.eventplatform.model.video.PlaybackState.STARTING;
import static dev.eventplatform.video.Viewing.LONG_AGO;
import static dev.eventplatform.video.Viewing.ONE_HOUR;
import static dev.eventplatform.video.Viewing.ONE_MINUTE;
import static dev.eventplatform.video.Viewing.ONE_SECOND;
import static dev.eventplatform.video.Viewing.T0;
import static dev.eventplatform.video.Viewing.beat;
import static dev.eventplatform.video.Viewing.glanced;
import static dev.eventplatform.video.Viewing.removal;
import static dev.eventplatform.video.Viewing.title;
import static dev.eventplatform.video.Viewing.watched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.video.AbrDecision;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.QoeMetrics;
import dev.eventplatform.model.video.Recommendations;
import dev.eventplatform.model.video.ScoredTitle;
import dev.eventplatform.model.video.TitleViews;
import dev.eventplatform.model.video.Trending;
import dev.eventplatform.model.video.ViewingEvent;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real job, as {@code main} wires it, between a real Kafka broker and a MiniCluster: a small
 * catalog, viewers with clear tastes, and playback sessions with known figures.
 */
class ViewingAnalyticsJobIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> COMEDY = List.of("comedy");
  private static final List<String> DRAMA = List.of("drama");

  @Test
  void recommendsTrendsAdaptsBitrateAndReportsQualityOfExperience() throws Exception {
    Map<String, String> topics =
        KAFKA.createTopics(
            "video",
            Topics.CONTENT_CATALOG,
            Topics.VIEWING_EVENTS,
            Topics.PLAYBACK_HEARTBEATS,
            Topics.RECOMMENDATIONS,
            Topics.TRENDING,
            Topics.ABR_DECISIONS,
            Topics.QOE_METRICS,
            Topics.DEAD_LETTERS);

    // Five comedy fans on TVs watch c1, c2, c3, cx and cy; cx and cy are withdrawn later, cx with
    // `removed: true` and cy with a tombstone. Three drama fans on phones watch d1, d2, d3. Alice
    // (comedy, TV) and Bob (drama, phone) come half an hour later.
    List<CatalogEntry> catalog = new ArrayList<>();
    for (String id : List.of("c1", "c2", "c3", "cx", "cy")) {
      catalog.add(title(id, COMEDY, LONG_AGO));
    }
    for (String id : List.of("d1", "d2", "d3")) {
      catalog.add(title(id, DRAMA, LONG_AGO));
    }

    List<ViewingEvent> views = new ArrayList<>();
    for (int fan = 1; fan <= 5; fan++) {
      long at = T0 + 10 * ONE_MINUTE + fan * 10 * ONE_SECOND;
      String user = "comedy-fan-" + fan;
      views.add(watched(user, "c1", "tv", at));
      views.add(watched(user, "c2", "tv", at + ONE_MINUTE));
      views.add(watched(user, "c3", "tv", at + 2 * ONE_MINUTE));
      views.add(watched(user, "cx", "tv", at + 3 * ONE_MINUTE));
      views.add(watched(user, "cy", "tv", at + 4 * ONE_MINUTE));
    }
    views.add(watched("comedy-fan-1", "c1", "tv", T0 + 14 * ONE_MINUTE)); // counts once per window
    views.add(glanced("comedy-fan-2", "d1", "tv", T0 + 14 * ONE_MINUTE)); // not a real view
    for (int fan = 1; fan <= 3; fan++) {
      long at = T0 + 10 * ONE_MINUTE + fan * 10 * ONE_SECOND;
      String user = "drama-fan-" + fan;
      views.add(watched(user, "d1", "mobile", at));
      views.add(watched(user, "d2", "mobile", at + ONE_MINUTE));
      views.add(watched(user, "d3", "mobile", at + 2 * ONE_MINUTE));
    }
    views.add(watched("alice", "c1", "tv", T0 + 30 * ONE_MINUTE + 30 * ONE_SECOND));
    views.add(watched("bob", "d1", "mobile", T0 + 30 * ONE_MINUTE + 30 * ONE_SECOND));

    List<PlaybackHeartbeat> heartbeats = new ArrayList<>();
    long abr = T0 + 40 * ONE_MINUTE;
    heartbeats.add(beat("s-abr", STARTING, 8000, 0, 235, abr));
    heartbeats.add(beat("s-abr", PLAYING, 8000, 40_000, 235, abr + 2 * ONE_SECOND));
    heartbeats.add(beat("s-abr", PLAYING, 8000, 40_000, 235, abr + 4 * ONE_SECOND));
    heartbeats.add(beat("s-abr", PLAYING, 8000, 40_000, 235, abr + 6 * ONE_SECOND));
    heartbeats.add(beat("s-abr", PLAYING, 3000, 40_000, 5800, abr + 8 * ONE_SECOND));
    heartbeats.add(beat("s-abr", REBUFFERING, 3000, 0, 1750, abr + 10 * ONE_SECOND));
    heartbeats.add(beat("s-abr", ENDED, 3000, 0, 1750, abr + 12 * ONE_SECOND));
    long qoeStart = T0 + 50 * ONE_MINUTE;
    // q1: starts in 1 s, plays 20 s at 3000 kbps.
    heartbeats.add(beat("q1", "c2", "tv", STARTING, 3000, qoeStart));
    heartbeats.add(beat("q1", "c2", "tv", PLAYING, 3000, qoeStart + 1_000));
    heartbeats.add(beat("q1", "c2", "tv", PLAYING, 3000, qoeStart + 11_000));
    heartbeats.add(beat("q1", "c2", "tv", ENDED, 3000, qoeStart + 21_000));
    // q2: starts in 2 s, plays 10 s at 3000, stalls 2 s, plays 10 s at 1500 (one switch).
    heartbeats.add(beat("q2", "c2", "tv", STARTING, 3000, qoeStart));
    heartbeats.add(beat("q2", "c2", "tv", PLAYING, 3000, qoeStart + 2_000));
    heartbeats.add(beat("q2", "c2", "tv", REBUFFERING, 3000, qoeStart + 12_000));
    heartbeats.add(beat("q2", "c2", "tv", PLAYING, 1500, qoeStart + 14_000));
    heartbeats.add(beat("q2", "c2", "tv", ENDED, 1500, qoeStart + 24_000));
    // q3: starts in 4 s, plays 10 s at 3000.
    heartbeats.add(beat("q3", "c2", "tv", STARTING, 3000, qoeStart));
    heartbeats.add(beat("q3", "c2", "tv", PLAYING, 3000, qoeStart + 4_000));
    heartbeats.add(beat("q3", "c2", "tv", ENDED, 3000, qoeStart + 14_000));

    send(
        Topics.CONTENT_CATALOG,
        topics,
        catalog,
        "{\"contentId\":\"c9\",\"title\":\"no genres\"}",
        "[]");
    // The titles date from the day before, the removals come after them (the tombstone first), and
    // the catalog's watermark is the least of its partitions': no view is scored before both
    // removals are read, so no recommendation may include cx or cy.
    KAFKA.sendTombstone(topics.get(Topics.CONTENT_CATALOG.id()), "cy", T0 + 25 * ONE_MINUTE);
    send(Topics.CONTENT_CATALOG, topics, List.of(removal("cx", COMEDY, T0 + 25 * ONE_MINUTE)));
    send(
        Topics.VIEWING_EVENTS,
        topics,
        views,
        "{\"userId\":\"u\",\"contentId\":\"c1\",\"sessionId\":\"s\",\"watchedMs\":1,\"completionRate\":1.5,\"device\":\"tv\",\"ts\":1767225600000}",
        "{\"userId\":\"u\"");
    // Viewing events are facts, not a keyed table: a tombstone there deletes nothing.
    KAFKA.sendTombstone(topics.get(Topics.VIEWING_EVENTS.id()), "u", T0);
    send(
        Topics.PLAYBACK_HEARTBEATS,
        topics,
        heartbeats,
        "not json",
        "{\"sessionId\":\"s\",\"state\":\"FLYING\"}");

    ViewingAnalyticsJob.main(jobArgs(topics));

    List<DeadLetter> deadLetters = readUntil(Topics.DEAD_LETTERS, topics, read -> read.size() >= 7);
    assertThat(deadLetters).hasSize(7);
    assertThat(deadLetters)
        .allSatisfy(
            letter -> {
              assertThat(letter.error()).isNotBlank();
              assertThat(letter.job()).isEqualTo(ViewingAnalyticsJob.NAME);
            });
    assertThat(deadLetters)
        .filteredOn(letter -> letter.error().contains("tombstone"))
        .singleElement()
        .satisfies(
            letter -> assertThat(letter.sourceTopic()).isEqualTo(topics.get("viewing-events")));

    List<Recommendations> recommendations =
        readUntil(
            Topics.RECOMMENDATIONS,
            topics,
            read -> latest(read, "alice").isPresent() && latest(read, "bob").isPresent());
    Recommendations alice = latest(recommendations, "alice").orElseThrow();
    // c2 and c3 tie on taste and similarity; which trends more depends on the window in force.
    assertThat(ids(alice.items()).subList(0, 2))
        .as("alice, a comedy fan: %s", alice)
        .containsExactlyInAnyOrder("c2", "c3");
    assertThat(ids(alice.items())).doesNotContain("c1", "cx", "cy");
    Recommendations bob = latest(recommendations, "bob").orElseThrow();
    assertThat(ids(bob.items()).subList(0, 2))
        .as("bob, a drama fan: %s", bob)
        .containsExactlyInAnyOrder("d2", "d3");
    assertThat(ids(bob.items())).doesNotContain("d1", "cx", "cy");
    assertThat(recommendations)
        .allSatisfy(r -> assertThat(ids(r.items())).doesNotContain("cx", "cy"));

    long windowEnd = T0 + ONE_HOUR;
    List<Trending> trending =
        readUntil(
            Topics.TRENDING,
            topics,
            read -> read.stream().filter(t -> t.windowEnd() == windowEnd).count() >= 3);
    assertThat(list(trending, "global", windowEnd))
        .containsExactly(
            new TitleViews("c1", 6),
            new TitleViews("c2", 5),
            new TitleViews("c3", 5),
            new TitleViews("d1", 4),
            new TitleViews("d2", 3),
            new TitleViews("d3", 3));
    assertThat(list(trending, "tv", windowEnd))
        .containsExactly(new TitleViews("c1", 6), new TitleViews("c2", 5), new TitleViews("c3", 5));
    assertThat(list(trending, "mobile", windowEnd))
        .containsExactly(new TitleViews("d1", 4), new TitleViews("d2", 3), new TitleViews("d3", 3));

    List<AbrDecision> decisions =
        readUntil(
                Topics.ABR_DECISIONS,
                topics,
                read -> read.stream().filter(d -> d.sessionId().equals("s-abr")).count() >= 4)
            .stream()
            .filter(d -> d.sessionId().equals("s-abr"))
            .toList();
    assertThat(decisions)
        .extracting(AbrDecision::bitrateKbps)
        .containsExactly(235.0, 5800.0, 1750.0, 235.0);
    assertThat(decisions)
        .extracting(AbrDecision::resolution)
        .containsExactly("320x240", "1920x1080", "720x480", "320x240");
    assertThat(decisions.get(0).reason()).startsWith("startup");
    assertThat(decisions.get(1).reason()).startsWith("up");
    assertThat(decisions.get(2).reason()).startsWith("down").contains("throughput");
    assertThat(decisions.get(3).reason()).startsWith("down").contains("buffer");

    List<QoeMetrics> qoe =
        readUntil(
            Topics.QOE_METRICS,
            topics,
            read -> read.stream().anyMatch(m -> m.contentId().equals("c2")));
    QoeMetrics c2 = qoe.stream().filter(m -> m.contentId().equals("c2")).findFirst().orElseThrow();
    assertThat(c2.device()).isEqualTo("tv");
    assertThat(c2.windowEnd()).isEqualTo(T0 + 51 * ONE_MINUTE);
    assertThat(c2.sessions()).isEqualTo(3);
    assertThat(c2.startupMsP50()).isEqualTo(2000);
    assertThat(c2.startupMsP95()).isEqualTo(4000);
    assertThat(c2.rebufferRatio()).isCloseTo(2000.0 / 59_000, within(1e-9));
    assertThat(c2.avgBitrateKbps()).isCloseTo(2700, within(1e-9));
    assertThat(c2.bitrateSwitches()).isEqualTo(1);
  }

  private static Optional<Recommendations> latest(List<Recommendations> read, String userId) {
    return read.stream().filter(r -> r.userId().equals(userId)).reduce((first, second) -> second);
  }

  private static List<String> ids(List<ScoredTitle> items) {
    return items.stream().map(ScoredTitle::contentId).toList();
  }

  private static List<TitleViews> list(List<Trending> trending, String scope, long windowEnd) {
    return trending.stream()
        .filter(t -> t.scope().equals(scope) && t.windowEnd() == windowEnd)
        .findFirst()
        .map(Trending::items)
        .orElse(List.of());
  }

  private static <T> void send(
      Topic<T> topic, Map<String, String> topics, List<T> events, String... malformed)
      throws Exception {
    var writer = EventJson.newMapper().writerFor(topic.type());
    List<Map.Entry<String, byte[]>> records = new ArrayList<>();
    for (T event : events) {
      records.add(Map.entry(topic.keyOf(event), writer.writeValueAsBytes(event)));
    }
    for (String bad : malformed) {
      records.add(Map.entry("bad", bad.getBytes(StandardCharsets.UTF_8)));
    }
    KAFKA.sendRaw(topics.get(topic.id()), records);
  }

  private static <T> List<T> readUntil(
      Topic<T> topic, Map<String, String> topics, Predicate<List<T>> done) {
    var reader = EventJson.newMapper().readerFor(topic.type());
    List<ConsumerRecord<String, byte[]>> records =
        KAFKA.readUntil(topics.get(topic.id()), read -> done.test(parse(reader, read)), TIMEOUT);
    return parse(reader, records);
  }

  private static <T> List<T> parse(
      com.fasterxml.jackson.databind.ObjectReader reader,
      List<ConsumerRecord<String, byte[]>> records) {
    List<T> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        events.add(reader.readValue(record.value()));
      } catch (Exception e) {
        throw new IllegalStateException("unreadable output record", e);
      }
    }
    return events;
  }

  private static String[] jobArgs(Map<String, String> topics) {
    List<String> args =
        new ArrayList<>(
            List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--bounded", "true"));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    return args.toArray(String[]::new);
  }
}
