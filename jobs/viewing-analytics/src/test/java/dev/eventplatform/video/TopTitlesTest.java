package dev.eventplatform.video;

import static dev.eventplatform.video.Viewing.FIVE_MINUTES;
import static dev.eventplatform.video.Viewing.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.video.TitleViews;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TopTitles}: the top-N of each window, most viewed first. */
class TopTitlesTest {

  private KeyedOneInputStreamOperatorTestHarness<String, TitleCount, RankedTitles> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new TopTitles(3, 2), TitleCount::listKey, Types.STRING);
  }

  @Test
  void keepsTheMostViewedTitlesOfAWindowMostFirst() throws Exception {
    long end = T0 + FIVE_MINUTES;
    for (String id : new String[] {"a", "b", "c", "d", "e"}) {
      trending(id, end, id.charAt(0) - 'a' + 1);
    }

    harness.processWatermark(end - 1);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            top -> {
              assertThat(top.windowEnd()).isEqualTo(end);
              assertThat(top.items())
                  .containsExactly(
                      new TitleViews("e", 5), new TitleViews("d", 4), new TitleViews("c", 3));
            });
  }

  @Test
  void tiesGoToTheSmallerContentId() throws Exception {
    long end = T0 + FIVE_MINUTES;
    trending("z", end, 2);
    trending("m", end, 2);
    trending("a", end, 1);
    trending("b", end, 2);

    harness.processWatermark(end - 1);

    assertThat(harness.extractOutputValues().get(0).items())
        .extracting(TitleViews::contentId)
        .containsExactly("b", "m", "z");
  }

  @Test
  void genreListsHaveTheirOwnSize() throws Exception {
    long end = T0 + FIVE_MINUTES;
    for (int i = 0; i < 5; i++) {
      harness.processElement(new TitleCount(ListKind.GENRE, "drama", end, "d" + i, i), T0);
    }

    harness.processWatermark(end - 1);

    assertThat(harness.extractOutputValues().get(0).items()).hasSize(2);
  }

  @Test
  void eachWindowIsRankedOnItsOwnAndThenForgotten() throws Exception {
    trending("a", T0 + FIVE_MINUTES, 1);
    trending("b", T0 + 2 * FIVE_MINUTES, 7);

    harness.processWatermark(T0 + FIVE_MINUTES - 1);
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(top -> assertThat(top.items()).containsExactly(new TitleViews("a", 1)));

    harness.processWatermark(T0 + 2 * FIVE_MINUTES - 1);
    assertThat(harness.extractOutputValues()).hasSize(2);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private void trending(String contentId, long windowEnd, long views) throws Exception {
    harness.processElement(
        new TitleCount(ListKind.TRENDING, ScopedView.GLOBAL, windowEnd, contentId, views), T0);
  }
}
