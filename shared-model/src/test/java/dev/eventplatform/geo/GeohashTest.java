package dev.eventplatform.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeohashTest {

  /** Zurich main station. */
  private static final double LAT = 47.3779;

  private static final double LNG = 8.5403;

  @Test
  void cellsWithinHoldEveryPointOfTheCircle() {
    Random random = new Random(11);
    for (int precision = 4; precision <= 6; precision++) {
      Set<String> cells = new HashSet<>(Geohash.cellsWithin(LAT, LNG, 5.0, precision));
      for (int i = 0; i < 5_000; i++) {
        // A random point of the 5 km disc: 0.0449 degrees of latitude is 5 km.
        double lat = LAT + (random.nextDouble() * 2 - 1) * 0.045;
        double lng = LNG + (random.nextDouble() * 2 - 1) * 0.067;
        if (Haversine.distanceKm(LAT, LNG, lat, lng) <= 5.0) {
          assertThat(cells).contains(Geohash.encode(lat, lng, precision));
        }
      }
    }
  }

  @Test
  void cellsWithinLeaveOutCellsBeyondTheRadius() {
    List<String> cells = Geohash.cellsWithin(LAT, LNG, 5.0, 6);
    assertThat(cells).doesNotHaveDuplicates();
    assertThat(cells)
        .allSatisfy(
            cell -> assertThat(Geohash.distanceToCellKm(LAT, LNG, cell)).isLessThanOrEqualTo(5.0));
    // A precision-6 cell is about 0.8 x 0.6 km here: a 10 km wide disc covers a few hundred.
    assertThat(cells).hasSizeBetween(150, 300);
    String farCell = Geohash.encode(LAT + 0.1, LNG, 6);
    assertThat(cells).doesNotContain(farCell);
  }

  @Test
  void aSmallCircleInsideOneCellIsThatCell() {
    String cell = Geohash.encode(LAT, LNG, 4);
    assertThat(Geohash.cellsWithin(LAT, LNG, 0.01, 4)).containsExactly(cell);
  }

  @Test
  void distanceToCellIsZeroInsideAndTheGapOutside() {
    String cell = Geohash.encode(LAT, LNG, 6);
    assertThat(Geohash.distanceToCellKm(LAT, LNG, cell)).isZero();
    // 0.09 degrees of latitude north is 10 km; the cell is at most 0.61 km tall.
    double gap = Geohash.distanceToCellKm(LAT + 0.09, LNG, cell);
    assertThat(gap).isBetween(9.3, 10.0);
  }
}
