package dev.eventplatform.video;

import static dev.eventplatform.model.video.PlaybackState.ENDED;
import static dev.eventplatform.model.video.PlaybackState.PAUSED;
import static dev.eventplatform.model.video.PlaybackState.PLAYING;
import static dev.eventplatform.model.video.PlaybackState.STARTING;
import static dev.eventplatform.video.Viewing.ONE_MINUTE;
import static dev.eventplatform.video.Viewing.ONE_SECOND;
import static dev.eventplatform.video.Viewing.T0;
import static dev.eventplatform.video.Viewing.beat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.video.AbrDecision;
import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.PlaybackState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each ABR rule of {@link BitrateSelector}, its hysteresis and its cleanup. */
class BitrateSelectorTest {

  private static final double FAST = 8000;
  private static final double FULL_BUFFER = 40_000;

  private KeyedOneInputStreamOperatorTestHarness<String, PlaybackHeartbeat, AbrDecision> harness;
  private long now;

  @BeforeEach
  void setUp() throws Exception {
    ViewingAnalyticsConfig config = Viewing.defaults();
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new BitrateSelector(config.abr(), config.sessionGap()),
            PlaybackHeartbeat::sessionId,
            Types.STRING);
    now = T0;
  }

  @Test
  void startsAtTheLowestRungWithAnEmptyBuffer() throws Exception {
    send(STARTING, FAST, 0);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.bitrateKbps()).isEqualTo(235);
              assertThat(d.resolution()).isEqualTo("320x240");
              assertThat(d.reason()).startsWith("startup");
            });
  }

  @Test
  void aFullBufferAndFastNetworkAllowTheTopRung() throws Exception {
    send(STARTING, FAST, FULL_BUFFER);

    assertThat(harness.extractOutputValues())
        .extracting(AbrDecision::bitrateKbps)
        .containsExactly(5800.0);
  }

  @Test
  void aDrainingBufferStepsDownAtOnceAlongTheCushion() throws Exception {
    send(STARTING, FAST, FULL_BUFFER);
    // 20 s of buffer: 10 s into the 30 s cushion allows 235 + (5800 - 235) / 3 = 2090 kbps.
    send(PLAYING, FAST, 20_000);
    // At the 10 s reservoir, only the lowest rung.
    send(PLAYING, FAST, 10_000);

    assertThat(harness.extractOutputValues())
        .extracting(AbrDecision::bitrateKbps)
        .containsExactly(5800.0, 1750.0, 235.0);
    assertThat(harness.extractOutputValues().get(1).reason()).isEqualTo("down, buffer 20.0 s");
  }

  @Test
  void measuredThroughputCapsTheRungWithASafetyMargin() throws Exception {
    send(STARTING, FAST, FULL_BUFFER);
    // 80 % of 6000 kbps is 4800: the 4300 rung fits, 5800 does not.
    send(PLAYING, 6000, FULL_BUFFER);

    AbrDecision down = harness.extractOutputValues().get(1);
    assertThat(down.bitrateKbps()).isEqualTo(4300);
    assertThat(down.reason()).isEqualTo("down, throughput 6000 kbps");
  }

  @Test
  void theSeedThresholdsBoundTheRungBelowFiveAndOneMbps() throws Exception {
    send(STARTING, FAST, FULL_BUFFER);
    // 80 % of 4900 would allow 3000 kbps, but below 5 Mbps the middle rung is the limit.
    send(PLAYING, 4900, FULL_BUFFER);
    // 80 % of 900 would allow 560 kbps, but below 1 Mbps only the lowest rung.
    send(PLAYING, 900, FULL_BUFFER);

    assertThat(harness.extractOutputValues())
        .extracting(AbrDecision::bitrateKbps)
        .containsExactly(5800.0, 1750.0, 235.0);
  }

  @Test
  void switchesUpOnlyAfterThreeHeartbeatsAllowIt() throws Exception {
    send(STARTING, FAST, 0);
    send(PLAYING, FAST, FULL_BUFFER);
    send(PLAYING, FAST, FULL_BUFFER);
    assertThat(harness.extractOutputValues()).hasSize(1);

    send(PLAYING, FAST, FULL_BUFFER);

    assertThat(harness.extractOutputValues())
        .extracting(AbrDecision::bitrateKbps)
        .containsExactly(235.0, 5800.0);
    assertThat(harness.extractOutputValues().get(1).reason()).startsWith("up");
  }

  @Test
  void aSingleGoodHeartbeatBetweenBadOnesDoesNotOscillate() throws Exception {
    send(STARTING, FAST, 0);
    send(PLAYING, FAST, FULL_BUFFER);
    send(PLAYING, FAST, 5_000);
    send(PLAYING, FAST, FULL_BUFFER);
    send(PLAYING, FAST, FULL_BUFFER);

    assertThat(harness.extractOutputValues())
        .extracting(AbrDecision::bitrateKbps)
        .containsExactly(235.0);
  }

  @Test
  void goesUpToTheLowestRungTheRisingHeartbeatsAllowed() throws Exception {
    send(STARTING, FAST, 0);
    send(PLAYING, FAST, FULL_BUFFER);
    send(PLAYING, 2000, FULL_BUFFER); // allows 1050 only
    send(PLAYING, FAST, FULL_BUFFER);

    assertThat(harness.extractOutputValues())
        .extracting(AbrDecision::bitrateKbps)
        .containsExactly(235.0, 1050.0);
  }

  @Test
  void emitsNothingWhileTheRungStaysTheSame() throws Exception {
    send(STARTING, FAST, FULL_BUFFER);
    for (int i = 0; i < 5; i++) {
      send(PLAYING, FAST, FULL_BUFFER);
    }
    send(PAUSED, 0, FULL_BUFFER);

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void forgetsTheSessionWhenItEnds() throws Exception {
    send(STARTING, FAST, FULL_BUFFER);
    send(ENDED, FAST, FULL_BUFFER);

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void forgetsASessionThatFellSilentForTheGap() throws Exception {
    send(STARTING, FAST, FULL_BUFFER);
    send(PLAYING, FAST, FULL_BUFFER);

    harness.processWatermark(now + 2 * ONE_MINUTE);

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private void send(PlaybackState state, double bandwidthKbps, double bufferMs) throws Exception {
    now += 2 * ONE_SECOND;
    harness.processElement(beat("s1", state, bandwidthKbps, bufferMs, 0, now), now);
  }
}
