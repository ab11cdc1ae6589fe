package dev.eventplatform.video;

import static dev.eventplatform.video.Viewing.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.eventplatform.model.video.QoeMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-window QoE figures of {@link QoeReport}. */
class QoeReportTest {

  @Test
  void percentilesAreNearestRankOverTheSessionsThatStarted() {
    List<SessionSummary> sessions =
        List.of(
            session(4000, 10_000, 0),
            session(1000, 10_000, 0),
            session(-1, 10_000, 0),
            session(3000, 10_000, 0),
            session(2000, 10_000, 0));

    QoeMetrics metrics = QoeReport.report(sessions, T0);

    assertThat(metrics.sessions()).isEqualTo(5);
    assertThat(metrics.startupMsP50()).isEqualTo(2000); // rank 2 of 4
    assertThat(metrics.startupMsP95()).isEqualTo(4000); // rank 4 of 4
  }

  @Test
  void ratiosAreWeightedByTimeAcrossSessions() {
    List<SessionSummary> sessions = List.of(session(1000, 10_000, 0), session(1000, 30_000, 1_000));

    QoeMetrics metrics = QoeReport.report(sessions, T0);

    assertThat(metrics.rebufferRatio()).isCloseTo(1_000.0 / 40_000, within(1e-12));
    // 10 s played at 3000 kbps and 29 s at 1000 kbps.
    assertThat(metrics.avgBitrateKbps())
        .isCloseTo((3000.0 * 10_000 + 1000.0 * 29_000) / 39_000, within(1e-9));
    assertThat(metrics.bitrateSwitches()).isEqualTo(2);
    assertThat(metrics.windowEnd()).isEqualTo(T0);
  }

  @Test
  void aWindowWithoutStartupsReportsZeroPercentiles() {
    QoeMetrics metrics = QoeReport.report(List.of(session(-1, 10_000, 0)), T0);

    assertThat(metrics.startupMsP50()).isZero();
    assertThat(metrics.startupMsP95()).isZero();
  }

  /** Plays the whole session except the rebuffering, at 3000 kbps for 10 s sessions, else 1000. */
  private static SessionSummary session(long startupMs, long sessionMs, long rebufferMs) {
    long playingMs = sessionMs - rebufferMs;
    double kbps = sessionMs == 10_000 ? 3000 : 1000;
    return new SessionSummary(
        "s", "c1", "tv", startupMs, sessionMs, rebufferMs, playingMs, kbps * playingMs, 1, T0);
  }
}
