package dev.eventplatform.video;

import static dev.eventplatform.video.Viewing.FIVE_MINUTES;
import static dev.eventplatform.video.Viewing.LONG_AGO;
import static dev.eventplatform.video.Viewing.ONE_DAY;
import static dev.eventplatform.video.Viewing.ONE_MINUTE;
import static dev.eventplatform.video.Viewing.T0;
import static dev.eventplatform.video.Viewing.removal;
import static dev.eventplatform.video.Viewing.title;
import static dev.eventplatform.video.Viewing.watched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.Recommendations;
import dev.eventplatform.model.video.ScoredTitle;
import dev.eventplatform.model.video.TitleViews;
import dev.eventplatform.model.video.ViewingEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Recommender}: profiles, candidate lists, scoring, exclusions, pacing and cleanup. */
class RecommenderTest {

  private static final List<String> COMEDY = List.of("comedy");
  private static final List<String> DRAMA = List.of("drama");

  private KeyedBroadcastOperatorTestHarness<String, ViewingEvent, CandidateUpdate, Recommendations>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new Recommender(Viewing.defaults()),
            ViewingEvent::userId,
            Types.STRING,
            Recommender.CATALOG,
            Recommender.LISTS);
    // c1, c2 (comedy), c3 (comedy, released ten days ago), d1, d2 (drama).
    catalog(
        title("c1", COMEDY, LONG_AGO),
        title("c2", COMEDY, LONG_AGO),
        title("c3", COMEDY, T0 - 10 * ONE_DAY),
        title("d1", DRAMA, LONG_AGO),
        title("d2", DRAMA, LONG_AGO));
    broadcast(
        CandidateUpdate.of(
            new TitleNeighbours(
                "c1", List.of(new ScoredTitle("c2", 1.0), new ScoredTitle("d1", 0.5)))));
    broadcast(
        CandidateUpdate.of(
            ranked(ListKind.GENRE, "comedy", new TitleViews("c1", 9), new TitleViews("c3", 3))));
    broadcast(
        CandidateUpdate.of(
            ranked(
                ListKind.TRENDING,
                ScopedView.GLOBAL,
                new TitleViews("d2", 8),
                new TitleViews("c2", 2))));
  }

  @Test
  void scoresCandidatesFromGenreCoViewingAndTrendingLists() throws Exception {
    view("alice", "c1", T0);

    List<ScoredTitle> items = harness.extractOutputValues().get(0).items();
    assertThat(items).extracting(ScoredTitle::contentId).containsExactly("c2", "c3", "d1", "d2");
    // c2: comedy 0.3 + similarity 0.4 + trending 0.2 × 2/8; c3: comedy 0.3 + recent 0.1;
    // d1: similarity 0.4 × 0.5; d2: trending 0.2.
    assertThat(items)
        .extracting(ScoredTitle::score)
        .satisfiesExactly(
            s -> assertThat(s).isCloseTo(0.75, within(1e-9)),
            s -> assertThat(s).isCloseTo(0.4, within(1e-9)),
            s -> assertThat(s).isCloseTo(0.2, within(1e-9)),
            s -> assertThat(s).isCloseTo(0.2, within(1e-9)));
  }

  @Test
  void aViewerWithoutAnyTasteYetGetsTheTrendingTitles() throws Exception {
    view("newcomer", "not-in-catalog", T0);

    assertThat(harness.extractOutputValues().get(0).items())
        .extracting(ScoredTitle::contentId)
        .containsExactly("d2", "c2");
  }

  @Test
  void neverRecommendsARemovedTitleFromTheMomentItIsRemoved() throws Exception {
    view("alice", "c1", T0);
    assertThat(ids(0)).contains("c2");

    catalog(removal("c2", COMEDY, T0 + ONE_MINUTE));
    view("alice", "d1", T0 + ONE_DAY);

    assertThat(ids(1)).doesNotContain("c2").isNotEmpty();
  }

  @Test
  void scoresWithATitlesGenresFromTheMomentTheyAreEdited() throws Exception {
    view("alice", "c1", T0);
    assertThat(score(0, "d1")).isCloseTo(0.2, within(1e-9)); // similarity 0.4 × 0.5 only

    catalog(title("d1", COMEDY, LONG_AGO));
    view("bob", "c1", T0 + ONE_MINUTE);

    // The same taste as alice's, now also a comedy: + comedy 0.3.
    assertThat(score(1, "d1")).isCloseTo(0.5, within(1e-9));
    assertThat(ids(1)).containsExactly("c2", "d1", "c3", "d2");
  }

  @Test
  void neverRecommendsWhatTheViewerHasSeen() throws Exception {
    view("alice", "c2", T0);
    view("alice", "c1", T0 + ONE_DAY);

    assertThat(ids(1)).doesNotContain("c1", "c2");
  }

  @Test
  void recommendsAtMostOncePerInterval() throws Exception {
    view("alice", "c1", T0);
    view("alice", "c2", T0 + 10 * ONE_MINUTE);
    view("alice", "c3", T0 + 29 * ONE_MINUTE);
    view("alice", "d1", T0 + 30 * ONE_MINUTE);

    assertThat(harness.extractOutputValues())
        .extracting(Recommendations::ts)
        .containsExactly(T0, T0 + 30 * ONE_MINUTE);
  }

  @Test
  void waitsForTheWatermarkSoEarlierCatalogChangesAreApplied() throws Exception {
    harness.processElement(watched("alice", "c1", "tv", T0), T0);
    catalog(removal("c2", COMEDY, T0 - 1));
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(T0);
    harness.processBroadcastWatermark(T0);

    assertThat(ids(0)).doesNotContain("c2").isNotEmpty();
  }

  @Test
  void forgetsAViewerAfterHalfAYearWithoutViews() throws Exception {
    view("alice", "c2", T0);
    long forgotten = T0 + 180 * ONE_DAY;
    harness.processWatermark(forgotten);
    harness.processBroadcastWatermark(forgotten);
    assertThat(harness.numEventTimeTimers()).isZero();

    view("alice", "c1", forgotten + FIVE_MINUTES);

    // c2 is no longer known as seen: the old profile is gone.
    assertThat(ids(1)).contains("c2");
  }

  private void view(String userId, String contentId, long ts) throws Exception {
    harness.processElement(watched(userId, contentId, "tv", ts), ts);
    harness.processWatermark(ts);
    harness.processBroadcastWatermark(ts);
  }

  private void catalog(CatalogEntry... entries) throws Exception {
    for (CatalogEntry entry : entries) {
      broadcast(CandidateUpdate.of(entry));
    }
  }

  private void broadcast(CandidateUpdate update) throws Exception {
    harness.processBroadcastElement(update, T0 - ONE_DAY);
  }

  private List<String> ids(int index) {
    return harness.extractOutputValues().get(index).items().stream()
        .map(ScoredTitle::contentId)
        .toList();
  }

  private double score(int index, String contentId) {
    return harness.extractOutputValues().get(index).items().stream()
        .filter(item -> item.contentId().equals(contentId))
        .findFirst()
        .orElseThrow()
        .score();
  }

  private static RankedTitles ranked(ListKind kind, String group, TitleViews... items) {
    return new RankedTitles(kind, group, T0, List.of(items));
  }
}
