package dev.eventplatform.ingest;

import static dev.eventplatform.ingest.Pings.FAR_LAT;
import static dev.eventplatform.ingest.Pings.FAR_LNG;
import static dev.eventplatform.ingest.Pings.LAT;
import static dev.eventplatform.ingest.Pings.LNG;
import static dev.eventplatform.ingest.Pings.LNG_150M_EAST;
import static dev.eventplatform.ingest.Pings.ONE_MINUTE;
import static dev.eventplatform.ingest.Pings.ONE_SECOND;
import static dev.eventplatform.ingest.Pings.T0;
import static dev.eventplatform.ingest.Pings.ping;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.DriverPosition;
import org.junit.jupiter.api.Test;

/** The speed rule alone; how the tracker applies it is in {@link DriverPositionTrackerTest}. */
class ImpossibleSpeedTest {

  private static final ImpossibleSpeed DEFAULT_LIMIT = new ImpossibleSpeed(250);

  private static final DriverPosition AT_STATION =
      new DriverPosition(
          "d1", LAT, LNG, Geohash.encode(LAT, LNG, Geohash.POSITION_PRECISION), null, false, T0);

  @Test
  void speedIsDistanceOverTimeAndPingsAtOneInstantHaveNone() {
    assertThat(ImpossibleSpeed.speedKmh(225, 3_600_000)).isEqualTo(225);
    assertThat(ImpossibleSpeed.speedKmh(225, 0)).isZero();
  }

  @Test
  void aTeleportBreaksTheRuleAndSaysHowFast() {
    assertThat(DEFAULT_LIMIT.violation(AT_STATION, ping("d1", FAR_LAT, FAR_LNG, T0 + ONE_MINUTE)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("moved 224.")
                    .contains("in 60.0 s")
                    .contains("km/h")
                    .contains("to 46.20440,6.14320"));
  }

  @Test
  void cityDrivingKeepsToIt() {
    // 150 m in 10 s is 54 km/h.
    assertThat(
            DEFAULT_LIMIT.violation(
                AT_STATION, ping("d1", LAT, LNG_150M_EAST, T0 + 10 * ONE_SECOND)))
        .isEmpty();
  }

  @Test
  void theLimitIsTheGivenOne() {
    assertThat(
            new ImpossibleSpeed(30)
                .violation(AT_STATION, ping("d1", LAT, LNG_150M_EAST, T0 + 10 * ONE_SECOND)))
        .isPresent();
  }

  @Test
  void aLongDriveAtMotorwaySpeedIsAllowed() {
    // Zurich to Geneva in an hour and a half is about 150 km/h.
    assertThat(
            DEFAULT_LIMIT.violation(AT_STATION, ping("d1", FAR_LAT, FAR_LNG, T0 + 90 * ONE_MINUTE)))
        .isEmpty();
  }
}
