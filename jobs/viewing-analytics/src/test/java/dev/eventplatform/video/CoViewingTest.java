package dev.eventplatform.video;

import static dev.eventplatform.video.Viewing.ONE_DAY;
import static dev.eventplatform.video.Viewing.ONE_MINUTE;
import static dev.eventplatform.video.Viewing.T0;
import static dev.eventplatform.video.Viewing.watched;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.video.ScoredTitle;
import dev.eventplatform.model.video.ViewingEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Co-viewing: pairs from {@link CoViewPairs}, bounded neighbour lists from {@link
 * CoViewingNeighbours}.
 */
class CoViewingTest {

  @Test
  void aNewTitlePairsBothWaysWithTheRecentOnesAndARewatchAddsNothing() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, ViewingEvent, CoView> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new CoViewPairs(2, Duration.ofDays(180)), ViewingEvent::userId, Types.STRING);

    harness.processElement(watched("u", "a", "tv", T0), T0);
    harness.processElement(watched("u", "b", "tv", T0 + 1), T0 + 1);
    harness.processElement(watched("u", "a", "tv", T0 + 2), T0 + 2);
    harness.processElement(watched("u", "c", "tv", T0 + 3), T0 + 3);

    assertThat(harness.extractOutputValues())
        .extracting(pair -> pair.contentId() + ">" + pair.otherContentId())
        .containsExactly("b>a", "a>b", "c>a", "a>c", "c>b", "b>c");

    harness.processWatermark(T0 + 3 + 180 * ONE_DAY);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void publishesTheStrongestNeighboursOncePerRefresh() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, CoView, TitleNeighbours> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new CoViewingNeighbours(2, Duration.ofMinutes(1)), CoView::contentId, Types.STRING);
    coView(harness, "b", 4);
    coView(harness, "c", 2);
    coView(harness, "d", 1);

    harness.processWatermark(T0 + ONE_MINUTE);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            list ->
                assertThat(list.neighbours())
                    .containsExactly(new ScoredTitle("b", 1.0), new ScoredTitle("c", 0.5)));
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void keepsABoundedNumberOfCountersPerTitle() {
    CoViewingNeighbours neighbours = new CoViewingNeighbours(2, Duration.ofMinutes(1));
    Map<String, Long> counts = new HashMap<>();
    // One co-view in six is with "strong": more than 1 / 8 of them, so Space-Saving keeps it.
    for (int i = 0; i < 1000; i++) {
      neighbours.count(counts, "once-" + i);
      if (i % 5 == 0) {
        neighbours.count(counts, "strong");
      }
    }

    assertThat(counts).hasSize(8).containsKey("strong");
    assertThat(neighbours.strongest(counts).get(0).contentId()).isEqualTo("strong");
  }

  private static void coView(
      KeyedOneInputStreamOperatorTestHarness<String, CoView, TitleNeighbours> harness,
      String other,
      int times)
      throws Exception {
    for (int i = 0; i < times; i++) {
      harness.processElement(new CoView("a", other, T0 + 1), T0 + 1);
    }
  }
}
