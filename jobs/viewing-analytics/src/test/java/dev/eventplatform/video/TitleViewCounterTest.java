package dev.eventplatform.video;

import static dev.eventplatform.video.Viewing.FIVE_MINUTES;
import static dev.eventplatform.video.Viewing.LONG_AGO;
import static dev.eventplatform.video.Viewing.T0;
import static dev.eventplatform.video.Viewing.removal;
import static dev.eventplatform.video.Viewing.title;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.video.CatalogEntry;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TitleViewCounter}: viewers per title and window, per scope and per genre. */
class TitleViewCounterTest {

  private static final long END = T0 + FIVE_MINUTES;

  private KeyedTwoInputStreamOperatorTestHarness<String, FreshViews, CatalogEntry, TitleCount>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new TitleViewCounter(), FreshViews::contentId, CatalogEntry::contentId, Types.STRING);
  }

  @Test
  void countsViewersPerScopeAndPerGenreOfTheTitle() throws Exception {
    harness.processElement2(title("c1", List.of("comedy", "drama"), LONG_AGO), T0);
    harness.processElement1(new FreshViews(ScopedView.GLOBAL, "c1", List.of(END)), T0);
    harness.processElement1(new FreshViews(ScopedView.GLOBAL, "c1", List.of(END)), T0);
    harness.processElement1(new FreshViews("tv", "c1", List.of(END)), T0);

    harness.processBothWatermarks(new Watermark(END - 1));

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            new TitleCount(ListKind.TRENDING, ScopedView.GLOBAL, END, "c1", 2),
            new TitleCount(ListKind.TRENDING, "tv", END, "c1", 1),
            new TitleCount(ListKind.GENRE, "comedy", END, "c1", 2),
            new TitleCount(ListKind.GENRE, "drama", END, "c1", 2));
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aGenreEditMovesTheTitleToItsNewGenresList() throws Exception {
    harness.processElement2(title("c1", List.of("comedy"), LONG_AGO), T0);
    harness.processElement1(new FreshViews(ScopedView.GLOBAL, "c1", List.of(END)), T0);
    harness.processElement2(title("c1", List.of("drama"), LONG_AGO), T0 + 1);

    harness.processBothWatermarks(new Watermark(END - 1));

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            new TitleCount(ListKind.TRENDING, ScopedView.GLOBAL, END, "c1", 1),
            new TitleCount(ListKind.GENRE, "drama", END, "c1", 1));
  }

  @Test
  void aRemovedTitleNeitherTrendsNorRanksInItsGenre() throws Exception {
    harness.processElement2(title("c1", List.of("comedy"), LONG_AGO), T0);
    harness.processElement1(new FreshViews(ScopedView.GLOBAL, "c1", List.of(END)), T0);
    harness.processElement2(removal("c1", List.of("comedy"), T0 + 1), T0 + 1);

    harness.processBothWatermarks(new Watermark(END - 1));

    assertThat(harness.extractOutputValues()).isEmpty();
  }
}
