package dev.eventplatform.matching;

import static dev.eventplatform.matching.Rides.CONFIG;
import static dev.eventplatform.matching.Rides.LAT;
import static dev.eventplatform.matching.Rides.LNG;
import static dev.eventplatform.matching.Rides.ONE_SECOND;
import static dev.eventplatform.matching.Rides.T0;
import static dev.eventplatform.matching.Rides.expired;
import static dev.eventplatform.matching.Rides.position;
import static dev.eventplatform.matching.Rides.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriverDirectoryTest {

  private KeyedTwoInputStreamOperatorTestHarness<
          String, DriverPosition, DriverStatus, AreaDriverUpdate>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new DriverDirectory(CONFIG),
            DriverPosition::driverId,
            DriverStatus::driverId,
            Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void aDriverNearAnAreaBorderIsCopiedToTheAreasOnBothSides() throws Exception {
    double borderLng = AreaBorders.eastBorderLng(LAT, LNG, CONFIG.areaPrecision());
    double justWest = borderLng - 0.001; // about 75 m inside the station's area

    status(DriverState.AVAILABLE, T0);
    move(justWest, T0);

    assertThat(copies())
        .extracting(AreaDriverUpdate::area)
        .contains(Geohash.encode(LAT, justWest, 4), Geohash.encode(LAT, borderLng + 0.001, 4));
    assertThat(copies())
        .allSatisfy(
            copy -> {
              assertThat(copy.left()).isFalse();
              assertThat(copy.driver().lng()).isEqualTo(justWest);
            });
  }

  @Test
  void nothingIsCopiedUntilBothPositionAndStatusAreKnown() throws Exception {
    move(LNG, T0);
    assertThat(copies()).isEmpty();
    status(DriverState.AVAILABLE, T0 + ONE_SECOND);
    assertThat(copies())
        .isNotEmpty()
        .allSatisfy(copy -> assertThat(copy.driver().statusTs()).isEqualTo(T0 + ONE_SECOND));
  }

  @Test
  void anAreaIsToldWhenTheDriverMovesOutOfReach() throws Exception {
    double borderLng = AreaBorders.eastBorderLng(LAT, LNG, CONFIG.areaPrecision());
    status(DriverState.AVAILABLE, T0);
    move(borderLng + 0.001, T0);
    String eastArea = Geohash.encode(LAT, borderLng + 0.001, 4);
    harness.getOutput().clear();

    // 0.2 degrees west of the border is about 15 km: out of reach of the eastern area.
    move(borderLng - 0.2, T0 + 60 * ONE_SECOND);

    assertThat(copies())
        .filteredOn(AreaDriverUpdate::left)
        .extracting(AreaDriverUpdate::area)
        .contains(eastArea);
    assertThat(copies())
        .filteredOn(copy -> !copy.left())
        .extracting(AreaDriverUpdate::area)
        .doesNotContain(eastArea);
  }

  @Test
  void anExpiredOrOfflineDriverLeavesEveryArea() throws Exception {
    status(DriverState.AVAILABLE, T0);
    move(LNG, T0);
    int areas = copies().size();
    harness.getOutput().clear();

    status(DriverState.OFFLINE, T0 + ONE_SECOND);
    assertThat(copies()).hasSize(areas).allSatisfy(copy -> assertThat(copy.left()).isTrue());
    harness.getOutput().clear();

    status(DriverState.AVAILABLE, T0 + 2 * ONE_SECOND);
    assertThat(copies()).hasSize(areas).allSatisfy(copy -> assertThat(copy.left()).isFalse());
    harness.getOutput().clear();

    harness.processElement1(new StreamRecord<>(expired("d1", LAT, LNG, T0 + 300 * ONE_SECOND)));
    assertThat(copies()).hasSize(areas).allSatisfy(copy -> assertThat(copy.left()).isTrue());
  }

  @Test
  void anOlderPositionDoesNotMoveTheDriverBack() throws Exception {
    status(DriverState.AVAILABLE, T0);
    move(LNG, T0 + 10 * ONE_SECOND);
    harness.getOutput().clear();

    move(LNG + 0.01, T0 + 5 * ONE_SECOND);

    assertThat(copies()).isEmpty();
  }

  private void move(double lng, long ts) throws Exception {
    harness.processElement1(new StreamRecord<>(position("d1", LAT, lng, ts), ts));
  }

  private void status(DriverState state, long ts) throws Exception {
    harness.processElement2(new StreamRecord<>(Rides.status("d1", state, ts), ts));
  }

  private List<AreaDriverUpdate> copies() {
    return harness.extractOutputValues();
  }
}
