package dev.eventplatform.video;

import static dev.eventplatform.video.Viewing.FIVE_MINUTES;
import static dev.eventplatform.video.Viewing.ONE_HOUR;
import static dev.eventplatform.video.Viewing.ONE_MINUTE;
import static dev.eventplatform.video.Viewing.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DistinctViewers}: a viewer counts once per title, scope and sliding window. */
class DistinctViewersTest {

  private KeyedOneInputStreamOperatorTestHarness<String, ScopedView, FreshViews> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DistinctViewers(Duration.ofHours(1), Duration.ofMinutes(5)),
            ScopedView::viewerKey,
            Types.STRING);
  }

  @Test
  void aViewCountsInEveryWindowThatContainsIt() throws Exception {
    send("alice", T0 + 2 * ONE_MINUTE);

    FreshViews fresh = harness.extractOutputValues().get(0);
    assertThat(fresh.windowEnds()).hasSize(12);
    assertThat(fresh.windowEnds().get(0)).isEqualTo(T0 + FIVE_MINUTES);
    assertThat(fresh.windowEnds().get(11)).isEqualTo(T0 + ONE_HOUR);
  }

  @Test
  void aSecondViewOfTheSameTitleOnlyAddsTheWindowsNotYetCounted() throws Exception {
    send("alice", T0 + 2 * ONE_MINUTE);
    send("alice", T0 + 3 * ONE_MINUTE);
    send("alice", T0 + 7 * ONE_MINUTE);

    List<FreshViews> out = harness.extractOutputValues();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).windowEnds()).containsExactly(T0 + ONE_HOUR + FIVE_MINUTES);
  }

  @Test
  void differentViewersCountSeparately() throws Exception {
    send("alice", T0 + 2 * ONE_MINUTE);
    send("bob", T0 + 2 * ONE_MINUTE);

    assertThat(harness.extractOutputValues()).hasSize(2);
  }

  @Test
  void aViewForClosedWindowsCountsOnlyInTheOpenOnes() throws Exception {
    harness.processWatermark(T0 + 30 * ONE_MINUTE);
    send("alice", T0 + 2 * ONE_MINUTE);

    // Windows ending at 5 .. 30 minutes have closed; 35 .. 60 are still open.
    assertThat(harness.extractOutputValues().get(0).windowEnds())
        .hasSize(6)
        .first()
        .isEqualTo(T0 + 35 * ONE_MINUTE);
  }

  @Test
  void forgetsEachWindowWhenItCloses() throws Exception {
    send("alice", T0 + 2 * ONE_MINUTE);

    harness.processWatermark(T0 + ONE_HOUR);

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private void send(String userId, long ts) throws Exception {
    harness.processElement(new ScopedView(ScopedView.GLOBAL, userId, "c1", ts), ts);
  }
}
