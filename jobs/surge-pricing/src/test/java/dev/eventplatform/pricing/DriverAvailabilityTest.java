package dev.eventplatform.pricing;

import static dev.eventplatform.model.ride.DriverState.AVAILABLE;
import static dev.eventplatform.model.ride.DriverState.BUSY;
import static dev.eventplatform.model.ride.DriverState.OFFLINE;
import static dev.eventplatform.pricing.Rides.CELL;
import static dev.eventplatform.pricing.Rides.LAT;
import static dev.eventplatform.pricing.Rides.LNG;
import static dev.eventplatform.pricing.Rides.NORTH_CELL;
import static dev.eventplatform.pricing.Rides.NORTH_LAT;
import static dev.eventplatform.pricing.Rides.NORTH_LNG;
import static dev.eventplatform.pricing.Rides.ONE_MINUTE;
import static dev.eventplatform.pricing.Rides.ONE_SECOND;
import static dev.eventplatform.pricing.Rides.T0;
import static dev.eventplatform.pricing.Rides.expired;
import static dev.eventplatform.pricing.Rides.position;
import static dev.eventplatform.pricing.Rides.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverStatus;
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

class DriverAvailabilityTest {

  private static final long IDLE_TTL = 30 * ONE_MINUTE;

  private KeyedTwoInputStreamOperatorTestHarness<String, DriverPosition, DriverStatus, CellEvent>
      harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new DriverAvailability(Duration.ofMillis(IDLE_TTL)),
            DriverPosition::driverId,
            DriverStatus::driverId,
            Types.STRING);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void availableDriverWithAPositionIsSupplyInTheirPricingCell() throws Exception {
    send(position("d1", LAT, LNG, T0));
    send(status("d1", AVAILABLE, T0 + ONE_SECOND));
    watermark(T0 + ONE_SECOND);

    assertThat(changes()).containsExactly(CellEvent.supplyChange(CELL, +1, T0 + ONE_SECOND));
  }

  @Test
  void aDriverWithoutStatusOrWithoutPositionIsNoSupply() throws Exception {
    send(position("d1", LAT, LNG, T0));
    send(status("d2", AVAILABLE, T0));
    watermark(T0 + ONE_MINUTE);

    assertThat(changes()).isEmpty();
  }

  @Test
  void busyOrOfflineTakesTheDriverOut() throws Exception {
    send(position("d1", LAT, LNG, T0));
    send(status("d1", AVAILABLE, T0));
    send(status("d1", BUSY, T0 + 10 * ONE_SECOND));
    send(status("d1", AVAILABLE, T0 + 20 * ONE_SECOND));
    send(status("d1", OFFLINE, T0 + 30 * ONE_SECOND));
    watermark(T0 + ONE_MINUTE);

    assertThat(changes())
        .containsExactly(
            CellEvent.supplyChange(CELL, +1, T0),
            CellEvent.supplyChange(CELL, -1, T0 + 10 * ONE_SECOND),
            CellEvent.supplyChange(CELL, +1, T0 + 20 * ONE_SECOND),
            CellEvent.supplyChange(CELL, -1, T0 + 30 * ONE_SECOND));
  }

  @Test
  void movingToAnotherCellLeavesOneAndEntersTheOther() throws Exception {
    send(status("d1", AVAILABLE, T0));
    send(position("d1", LAT, LNG, T0));
    send(position("d1", LAT + 0.0005, LNG, T0 + 5 * ONE_SECOND));
    send(position("d1", NORTH_LAT, NORTH_LNG, T0 + 10 * ONE_SECOND));
    watermark(T0 + ONE_MINUTE);

    // The small move stays in the cell: no change for it.
    assertThat(changes())
        .containsExactly(
            CellEvent.supplyChange(CELL, +1, T0),
            CellEvent.supplyChange(CELL, -1, T0 + 10 * ONE_SECOND),
            CellEvent.supplyChange(NORTH_CELL, +1, T0 + 10 * ONE_SECOND));
  }

  @Test
  void expiredPositionTakesTheDriverOutUntilTheyAreSeenAgain() throws Exception {
    send(status("d1", AVAILABLE, T0));
    send(position("d1", LAT, LNG, T0));
    send(expired("d1", LAT, LNG, T0 + 5 * ONE_MINUTE));
    send(position("d1", LAT, LNG, T0 + 6 * ONE_MINUTE));
    watermark(T0 + 10 * ONE_MINUTE);

    assertThat(changes())
        .containsExactly(
            CellEvent.supplyChange(CELL, +1, T0),
            CellEvent.supplyChange(CELL, -1, T0 + 5 * ONE_MINUTE),
            CellEvent.supplyChange(CELL, +1, T0 + 6 * ONE_MINUTE));
  }

  @Test
  void updatesApplyInEventTimeOrderWhateverOrderTheyArriveIn() throws Exception {
    send(status("d1", AVAILABLE, T0));
    send(position("d1", LAT, LNG, T0));
    // The BUSY status comes before the earlier move it follows (positions lag a checkpoint).
    send(status("d1", BUSY, T0 + 20 * ONE_SECOND));
    send(position("d1", NORTH_LAT, NORTH_LNG, T0 + 10 * ONE_SECOND));
    watermark(T0 + ONE_MINUTE);

    assertThat(changes())
        .containsExactly(
            CellEvent.supplyChange(CELL, +1, T0),
            CellEvent.supplyChange(CELL, -1, T0 + 10 * ONE_SECOND),
            CellEvent.supplyChange(NORTH_CELL, +1, T0 + 10 * ONE_SECOND),
            CellEvent.supplyChange(NORTH_CELL, -1, T0 + 20 * ONE_SECOND));
  }

  @Test
  void anUpdateTheWatermarkPassedStillAppliesAtOnce() throws Exception {
    send(position("d1", LAT, LNG, T0));
    watermark(T0 + ONE_MINUTE);

    send(status("d1", AVAILABLE, T0 + 30 * ONE_SECOND));

    assertThat(changes()).containsExactly(CellEvent.supplyChange(CELL, +1, T0 + 30 * ONE_SECOND));
  }

  @Test
  void aLateUpdateOlderThanTheDriversLatestOfItsKindIsIgnored() throws Exception {
    send(position("d1", LAT, LNG, T0));
    send(status("d1", AVAILABLE, T0 + 30 * ONE_SECOND));
    watermark(T0 + ONE_MINUTE);

    send(status("d1", OFFLINE, T0 + 10 * ONE_SECOND));
    send(position("d1", NORTH_LAT, NORTH_LNG, T0 - ONE_SECOND));

    assertThat(changes()).containsExactly(CellEvent.supplyChange(CELL, +1, T0 + 30 * ONE_SECOND));
  }

  @Test
  void anIdleDriverIsForgottenAndLeavesNoStateOrTimers() throws Exception {
    send(position("d1", LAT, LNG, T0));
    send(status("d1", AVAILABLE, T0));
    watermark(T0 + IDLE_TTL - 1);
    assertThat(changes()).containsExactly(CellEvent.supplyChange(CELL, +1, T0));

    watermark(T0 + IDLE_TTL);

    assertThat(changes())
        .containsExactly(
            CellEvent.supplyChange(CELL, +1, T0), CellEvent.supplyChange(CELL, -1, T0 + IDLE_TTL));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aDriverWhoKeepsSendingUpdatesIsNotForgotten() throws Exception {
    send(status("d1", AVAILABLE, T0));
    for (long t = T0; t <= T0 + 2 * IDLE_TTL; t += 10 * ONE_MINUTE) {
      send(position("d1", LAT, LNG, t));
    }
    watermark(T0 + 2 * IDLE_TTL + IDLE_TTL - 1);

    assertThat(changes()).containsExactly(CellEvent.supplyChange(CELL, +1, T0));

    watermark(T0 + 3 * IDLE_TTL);
    assertThat(changes())
        .hasSize(2)
        .last()
        .isEqualTo(CellEvent.supplyChange(CELL, -1, T0 + 3 * IDLE_TTL));
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  private void send(DriverPosition position) throws Exception {
    harness.processElement1(new StreamRecord<>(position, position.ts()));
  }

  private void send(DriverStatus status) throws Exception {
    harness.processElement2(new StreamRecord<>(status, status.ts()));
  }

  private void watermark(long time) throws Exception {
    harness.processBothWatermarks(new Watermark(time));
  }

  private List<CellEvent> changes() {
    return harness.extractOutputValues();
  }
}
