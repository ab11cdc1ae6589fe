package dev.eventplatform.matching;

import static dev.eventplatform.matching.Rides.T0;
import static dev.eventplatform.matching.Rides.driver;
import static dev.eventplatform.matching.Rides.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.eventplatform.matching.MatchScore.Candidate;
import org.junit.jupiter.api.Test;

class MatchScoreTest {

  @Test
  void scoreIsNearnessPlusRatingPlusFreshness() {
    // 1/(1+1) + 0.3*4.0 = 1.7, and 0.2 more for a position 10 s old.
    assertThat(MatchScore.of(1.0, 4.0, 10_000)).isCloseTo(1.9, within(1e-9));
    assertThat(MatchScore.of(1.0, 4.0, 30_000)).isCloseTo(1.7, within(1e-9));
    assertThat(MatchScore.of(0.0, 5.0, 0)).isCloseTo(2.7, within(1e-9));
  }

  @Test
  void aPositionNewerThanTheRequestIsFresh() {
    assertThat(MatchScore.of(1.0, 4.0, -5_000)).isCloseTo(1.9, within(1e-9));
  }

  @Test
  void aBetterRatingCanOutweighDistance() {
    Candidate nearButPoor = MatchScore.candidate(driver("near", 0.5, 3.0, T0), request("r", T0));
    Candidate farButGood = MatchScore.candidate(driver("far", 3.0, 5.0, T0), request("r", T0));
    // near: 0.667 + 0.9 + 0.2 = 1.767; far: 0.25 + 1.5 + 0.2 = 1.95
    assertThat(farButGood.beats(nearButPoor)).isTrue();
    assertThat(nearButPoor.beats(farButGood)).isFalse();
  }

  @Test
  void tiesGoToTheSmallerDriverId() {
    Candidate a = MatchScore.candidate(driver("driver-a", 1.0, 4.0, T0), request("r", T0));
    Candidate b = MatchScore.candidate(driver("driver-b", 1.0, 4.0, T0), request("r", T0));
    assertThat(a.score()).isEqualTo(b.score());
    assertThat(a.beats(b)).isTrue();
    assertThat(b.beats(a)).isFalse();
    assertThat(a.beats(null)).isTrue();
  }

  @Test
  void upperBoundIsNeverBelowARealScore() {
    for (double km = 0; km <= 5; km += 0.25) {
      assertThat(MatchScore.upperBound(km)).isGreaterThanOrEqualTo(MatchScore.of(km, 5.0, 0));
    }
  }
}
