package dev.eventplatform.video;

import static dev.eventplatform.model.video.PlaybackState.ENDED;
import static dev.eventplatform.model.video.PlaybackState.PAUSED;
import static dev.eventplatform.model.video.PlaybackState.PLAYING;
import static dev.eventplatform.model.video.PlaybackState.REBUFFERING;
import static dev.eventplatform.model.video.PlaybackState.STARTING;
import static dev.eventplatform.video.Viewing.ONE_MINUTE;
import static dev.eventplatform.video.Viewing.T0;
import static dev.eventplatform.video.Viewing.beat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.PlaybackState;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each per-session QoE figure of {@link SessionQuality}, and how sessions end. */
class SessionQualityTest {

  private KeyedOneInputStreamOperatorTestHarness<String, PlaybackHeartbeat, SessionSummary> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new SessionQuality(Duration.ofMinutes(2)), PlaybackHeartbeat::sessionId, Types.STRING);
  }

  @Test
  void startupTimeRunsFromStartingToTheFirstPlaying() throws Exception {
    send(STARTING, 3000, 0);
    send(STARTING, 3000, 800);
    send(PLAYING, 3000, 1_500);
    send(PLAYING, 3000, 9_000);
    send(ENDED, 3000, 10_000);

    SessionSummary session = harness.extractOutputValues().get(0);
    assertThat(session.startupMs()).isEqualTo(1_500);
    assertThat(session.sessionMs()).isEqualTo(10_000);
  }

  @Test
  void aSessionJoinedWhilePlayingHasNoStartupTime() throws Exception {
    send(PLAYING, 3000, 0);
    send(ENDED, 3000, 10_000);

    assertThat(harness.extractOutputValues().get(0).hasStartup()).isFalse();
  }

  @Test
  void rebufferTimeIsTheTimeSpentInRebuffering() throws Exception {
    send(STARTING, 3000, 0);
    send(PLAYING, 3000, 1_000);
    send(REBUFFERING, 3000, 5_000);
    send(REBUFFERING, 3000, 6_000);
    send(PLAYING, 3000, 8_000);
    send(PAUSED, 3000, 10_000);
    send(ENDED, 3000, 20_000);

    SessionSummary session = harness.extractOutputValues().get(0);
    assertThat(session.rebufferMs()).isEqualTo(3_000);
    assertThat(session.sessionMs()).isEqualTo(20_000);
    assertThat(session.playingMs()).isEqualTo(6_000);
  }

  @Test
  void countsEachChangeOfBitrate() throws Exception {
    send(PLAYING, 3000, 0);
    send(PLAYING, 1750, 2_000);
    send(PLAYING, 1750, 4_000);
    send(PLAYING, 3000, 6_000);
    send(ENDED, 3000, 8_000);

    assertThat(harness.extractOutputValues().get(0).bitrateSwitches()).isEqualTo(2);
  }

  @Test
  void averageBitrateIsWeightedByPlayingTime() throws Exception {
    send(PLAYING, 3000, 0);
    send(PLAYING, 1000, 30_000); // 30 s at 3000
    send(PAUSED, 1000, 40_000); // 10 s at 1000
    send(ENDED, 1000, 100_000); // paused time does not count

    SessionSummary session = harness.extractOutputValues().get(0);
    assertThat(session.bitrateKbpsMs() / session.playingMs()).isEqualTo(2500);
  }

  @Test
  void aSilentSessionEndsAfterTheGapAndIsForgotten() throws Exception {
    send(STARTING, 3000, 0);
    send(PLAYING, 3000, 2_000);

    harness.processWatermark(T0 + 2_000 + 2 * ONE_MINUTE);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.startupMs()).isEqualTo(2_000);
              assertThat(s.ts()).isEqualTo(T0 + 2_000 + 2 * ONE_MINUTE);
            });
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void anEndedSessionLeavesNoStateOrTimers() throws Exception {
    send(STARTING, 3000, 0);
    send(ENDED, 3000, 1_000);

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void ignoresAHeartbeatOlderThanTheSessionsLast() throws Exception {
    send(PLAYING, 3000, 0);
    send(PLAYING, 3000, 10_000);
    send(REBUFFERING, 3000, 5_000);
    send(ENDED, 3000, 20_000);

    assertThat(harness.extractOutputValues().get(0).rebufferMs()).isZero();
  }

  private void send(PlaybackState state, double bitrateKbps, long offsetMs) throws Exception {
    harness.processElement(
        beat("s1", "c1", "tv", state, bitrateKbps, T0 + offsetMs), T0 + offsetMs);
  }
}
