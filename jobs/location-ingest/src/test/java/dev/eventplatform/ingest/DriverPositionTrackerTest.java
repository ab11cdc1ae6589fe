package dev.eventplatform.ingest;

import static dev.eventplatform.ingest.Pings.FAR_LAT;
import static dev.eventplatform.ingest.Pings.FAR_LNG;
import static dev.eventplatform.ingest.Pings.FIVE_MINUTES;
import static dev.eventplatform.ingest.Pings.LAT;
import static dev.eventplatform.ingest.Pings.LNG_150M_EAST;
import static dev.eventplatform.ingest.Pings.ONE_MINUTE;
import static dev.eventplatform.ingest.Pings.ONE_SECOND;
import static dev.eventplatform.ingest.Pings.T0;
import static dev.eventplatform.ingest.Pings.atStation;
import static dev.eventplatform.ingest.Pings.ping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.eventplatform.model.ride.AnomalyKind;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.LocationAnomaly;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriverPositionTrackerTest {

  private KeyedOneInputStreamOperatorTestHarness<String, DriverLocation, DriverPosition> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DriverPositionTracker(Duration.ofMillis(FIVE_MINUTES), new ImpossibleSpeed(250)),
            DriverLocation::driverId,
            Types.STRING);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void firstSightHasAPrecisionSevenCellAndNoPreviousOne() throws Exception {
    send(atStation("d1", T0));
    watermark(T0);

    assertThat(positions())
        .singleElement()
        .satisfies(
            position -> {
              assertThat(position.driverId()).isEqualTo("d1");
              assertThat(position.geohash()).hasSize(7).isEqualTo("u0qjd2f");
              assertThat(position.previousGeohash()).isNull();
              assertThat(position.expired()).isFalse();
              assertThat(position.ts()).isEqualTo(T0);
            });
  }

  @Test
  void aPingWaitsForTheWatermarkThatPassesIt() throws Exception {
    send(atStation("d1", T0));
    watermark(T0 - 1);
    assertThat(positions()).isEmpty();

    watermark(T0);
    assertThat(positions()).hasSize(1);
  }

  @Test
  void aCellChangeCarriesThePreviousCell() throws Exception {
    send(atStation("d1", T0));
    send(ping("d1", LAT, LNG_150M_EAST, T0 + 10 * ONE_SECOND));
    watermark(T0 + 10 * ONE_SECOND);

    List<DriverPosition> positions = positions();
    assertThat(positions).hasSize(2);
    assertThat(positions.get(1).geohash()).isNotEqualTo(positions.get(0).geohash());
    assertThat(positions.get(1).previousGeohash()).isEqualTo(positions.get(0).geohash());
  }

  @Test
  void pingsOutOfOrderWithinTheWatermarkBoundAreAppliedInEventTimeOrder() throws Exception {
    send(ping("d1", LAT, LNG_150M_EAST, T0 + 10 * ONE_SECOND));
    send(atStation("d1", T0));
    watermark(T0 + 10 * ONE_SECOND);

    assertThat(positions())
        .extracting(DriverPosition::ts)
        .containsExactly(T0, T0 + 10 * ONE_SECOND);
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void aPingOlderThanTheCurrentPositionIsStaleAndDoesNotMoveTheDriver() throws Exception {
    send(atStation("d1", T0 + ONE_MINUTE));
    watermark(T0 + ONE_MINUTE);
    send(ping("d1", LAT, LNG_150M_EAST, T0));
    watermark(T0 + 2 * ONE_MINUTE);

    assertThat(positions()).hasSize(1);
    assertThat(anomalies())
        .singleElement()
        .satisfies(
            anomaly -> {
              assertThat(anomaly.kind()).isEqualTo(AnomalyKind.STALE);
              assertThat(anomaly.ts()).isEqualTo(T0);
            });
  }

  @Test
  void aPingBehindTheWatermarkIsStaleEvenForANewDriver() throws Exception {
    watermark(T0);
    send(atStation("d1", T0 - ONE_SECOND));

    assertThat(positions()).isEmpty();
    assertThat(anomalies()).extracting(LocationAnomaly::kind).containsExactly(AnomalyKind.STALE);
  }

  @Test
  void anExactRepeatIsADuplicateWhetherWaitingOrApplied() throws Exception {
    send(atStation("d1", T0));
    send(atStation("d1", T0));
    watermark(T0);
    send(atStation("d1", T0));

    assertThat(positions()).hasSize(1);
    assertThat(anomalies())
        .extracting(LocationAnomaly::kind)
        .containsExactly(AnomalyKind.DUPLICATE, AnomalyKind.DUPLICATE);
  }

  @Test
  void aTeleportIsReportedOnceAndNeverMovesTheDriver() throws Exception {
    send(atStation("d1", T0));
    send(ping("d1", FAR_LAT, FAR_LNG, T0 + ONE_MINUTE));
    send(atStation("d1", T0 + 2 * ONE_MINUTE));
    send(ping("d1", LAT, LNG_150M_EAST, T0 + 3 * ONE_MINUTE));
    watermark(T0 + 3 * ONE_MINUTE);

    assertThat(positions())
        .extracting(DriverPosition::ts)
        .containsExactly(T0, T0 + 2 * ONE_MINUTE, T0 + 3 * ONE_MINUTE);
    assertThat(positions()).noneMatch(position -> position.lat() == FAR_LAT);
    assertThat(anomalies())
        .singleElement()
        .satisfies(
            anomaly -> {
              assertThat(anomaly.kind()).isEqualTo(AnomalyKind.IMPOSSIBLE_SPEED);
              assertThat(anomaly.ts()).isEqualTo(T0 + ONE_MINUTE);
              assertThat(anomaly.detail()).contains("km/h");
            });
  }

  @Test
  void speedIsJudgedInEventTimeOrderNotArrivalOrder() throws Exception {
    // Geneva arrives first but is the latest ping: the drive to it from the station is the jump.
    send(ping("d1", FAR_LAT, FAR_LNG, T0 + 2 * ONE_MINUTE));
    send(ping("d1", LAT, LNG_150M_EAST, T0 + ONE_MINUTE));
    send(atStation("d1", T0));
    watermark(T0 + 2 * ONE_MINUTE);

    assertThat(positions()).extracting(DriverPosition::ts).containsExactly(T0, T0 + ONE_MINUTE);
    assertThat(anomalies())
        .extracting(LocationAnomaly::kind, LocationAnomaly::ts)
        .containsExactly(tuple(AnomalyKind.IMPOSSIBLE_SPEED, T0 + 2 * ONE_MINUTE));
  }

  @Test
  void theSpeedLimitIsTheTrackersSetting() throws Exception {
    harness.close();
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DriverPositionTracker(Duration.ofMillis(FIVE_MINUTES), new ImpossibleSpeed(30)),
            DriverLocation::driverId,
            Types.STRING);
    // 150 m in 10 s is 54 km/h: city driving under the default limit, too fast under 30.
    send(atStation("d1", T0));
    send(ping("d1", LAT, LNG_150M_EAST, T0 + 10 * ONE_SECOND));
    watermark(T0 + 10 * ONE_SECOND);

    assertThat(anomalies())
        .extracting(LocationAnomaly::kind)
        .containsExactly(AnomalyKind.IMPOSSIBLE_SPEED);
  }

  @Test
  void eachDriverIsJudgedOnlyAgainstItsOwnPings() throws Exception {
    send(atStation("d1", T0));
    send(ping("d2", FAR_LAT, FAR_LNG, T0 + ONE_SECOND));
    watermark(T0 + ONE_SECOND);

    assertThat(positions()).hasSize(2);
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void aRepeatOfAFlaggedPingIsADuplicate() throws Exception {
    send(atStation("d1", T0));
    send(ping("d1", FAR_LAT, FAR_LNG, T0 + ONE_MINUTE));
    watermark(T0 + ONE_MINUTE);
    send(ping("d1", FAR_LAT, FAR_LNG, T0 + ONE_MINUTE));

    assertThat(positions()).hasSize(1);
    assertThat(anomalies())
        .extracting(LocationAnomaly::kind)
        .containsExactly(AnomalyKind.IMPOSSIBLE_SPEED, AnomalyKind.DUPLICATE);
  }

  @Test
  void aFlaggedPingDoesNotKeepAnExpiredDriversState() throws Exception {
    send(atStation("d1", T0));
    send(ping("d1", FAR_LAT, FAR_LNG, T0 + ONE_MINUTE));
    watermark(T0 + FIVE_MINUTES);

    assertThat(positions()).filteredOn(DriverPosition::expired).hasSize(1);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void expiresADriverSilentForFiveMinutesAndForgetsIt() throws Exception {
    send(atStation("d1", T0));
    watermark(T0 + FIVE_MINUTES - 1);
    assertThat(positions()).noneMatch(DriverPosition::expired);

    watermark(T0 + FIVE_MINUTES);

    assertThat(positions())
        .filteredOn(DriverPosition::expired)
        .singleElement()
        .satisfies(
            expiry -> {
              assertThat(expiry.driverId()).isEqualTo("d1");
              assertThat(expiry.ts()).isEqualTo(T0 + FIVE_MINUTES);
              assertThat(expiry.geohash()).isEqualTo(positions().get(0).geohash());
            });
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aNewPingPostponesExpiryAndLeavesOneTimer() throws Exception {
    send(atStation("d1", T0));
    send(atStation("d1", T0 + 4 * ONE_MINUTE));
    watermark(T0 + FIVE_MINUTES);

    assertThat(positions()).noneMatch(DriverPosition::expired);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    watermark(T0 + 4 * ONE_MINUTE + FIVE_MINUTES);
    assertThat(positions()).filteredOn(DriverPosition::expired).hasSize(1);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aDriverSeenAgainAfterExpiryIsAFirstSight() throws Exception {
    send(atStation("d1", T0));
    watermark(T0 + FIVE_MINUTES);
    send(atStation("d1", T0 + 2 * FIVE_MINUTES));
    watermark(T0 + 2 * FIVE_MINUTES);

    assertThat(positions())
        .last()
        .satisfies(
            position -> {
              assertThat(position.expired()).isFalse();
              assertThat(position.previousGeohash()).isNull();
            });
  }

  private void send(DriverLocation ping) throws Exception {
    harness.processElement(new StreamRecord<>(ping, ping.ts()));
  }

  private void watermark(long time) throws Exception {
    harness.processWatermark(new Watermark(time));
  }

  private List<DriverPosition> positions() {
    return harness.extractOutputValues();
  }

  private List<LocationAnomaly> anomalies() {
    return harness.getSideOutput(DriverPositionTracker.ANOMALIES) == null
        ? List.of()
        : harness.getSideOutput(DriverPositionTracker.ANOMALIES).stream()
            .map(StreamRecord::getValue)
            .toList();
  }
}
