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

import dev.eventplatform.model.ride.AnomalyKind;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.LocationAnomaly;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriverPositionTrackerTest {

  private KeyedTwoInputStreamOperatorTestHarness<
          String, DriverLocation, LocationAnomaly, DriverPosition>
      harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new DriverPositionTracker(Duration.ofMillis(FIVE_MINUTES)),
            DriverLocation::driverId,
            LocationAnomaly::driverId,
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
    send(ping("d1", LAT, LNG_150M_EAST, T0 + 2 * ONE_SECOND));
    send(atStation("d1", T0 + ONE_SECOND));
    watermark(T0 + 2 * ONE_SECOND);

    assertThat(positions())
        .extracting(DriverPosition::ts)
        .containsExactly(T0 + ONE_SECOND, T0 + 2 * ONE_SECOND);
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
  void aVetoedPingDoesNotMoveTheDriverWhicheverArrivesFirst() throws Exception {
    send(atStation("d1", T0));
    send(ping("d1", FAR_LAT, FAR_LNG, T0 + ONE_MINUTE));
    veto("d1", T0 + ONE_MINUTE);
    veto("d2", T0 + ONE_MINUTE);
    send(ping("d2", FAR_LAT, FAR_LNG, T0 + ONE_MINUTE));
    watermark(T0 + ONE_MINUTE);

    assertThat(positions())
        .extracting(DriverPosition::driverId, DriverPosition::ts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", T0));
    // The pattern reports vetoed pings itself; the tracker adds nothing for them.
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void aRepeatOfAVetoedPingIsADuplicate() throws Exception {
    send(ping("d1", FAR_LAT, FAR_LNG, T0));
    veto("d1", T0);
    send(ping("d1", FAR_LAT, FAR_LNG, T0));
    watermark(T0);

    assertThat(positions()).isEmpty();
    assertThat(anomalies())
        .extracting(LocationAnomaly::kind)
        .containsExactly(AnomalyKind.DUPLICATE);
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
    harness.processElement1(new StreamRecord<>(ping, ping.ts()));
  }

  private void veto(String driverId, long ts) throws Exception {
    harness.processElement2(
        new StreamRecord<>(
            new LocationAnomaly(driverId, AnomalyKind.IMPOSSIBLE_SPEED, "test", ts), ts));
  }

  private void watermark(long time) throws Exception {
    harness.processBothWatermarks(new Watermark(time));
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
