package dev.eventplatform.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeoTest {

  @Test
  void encodesTheReferenceExampleOfTheGeohashFormat() {
    // The example of the format's description: 57.64911, 10.40744 is u4pruydqqvj.
    assertThat(Geohash.encode(57.64911, 10.40744, 11)).isEqualTo("u4pruydqqvj");
    assertThat(Geohash.encode(57.64911, 10.40744, Geohash.PRICING_PRECISION)).isEqualTo("u4pruy");
  }

  @Test
  void aCellHasEightDistinctNeighboursOfItsPrecisionThatTouchIt() {
    assertThat(Geohash.neighbours("u4pruy"))
        .hasSize(8)
        .doesNotHaveDuplicates()
        .doesNotContain("u4pruy")
        .allSatisfy(cell -> assertThat(cell).hasSize(6))
        .contains("u4prvn", "u4prux");
    assertThat(Geohash.cellAndNeighbours("u4pruy")).hasSize(9).startsWith("u4pruy");
  }

  @Test
  void haversineMatchesKnownDistances() {
    // Zurich HB to Geneva Cornavin: 224 km as the crow flies.
    assertThat(Haversine.distanceKm(47.3779, 8.5403, 46.2102, 6.1424))
        .isCloseTo(224.0, within(2.0));
    // One degree of latitude is 111.2 km.
    assertThat(Haversine.distanceKm(0, 0, 1, 0)).isCloseTo(111.2, within(0.1));
    assertThat(Haversine.distanceKm(47.0, 8.0, 47.0, 8.0)).isZero();
  }
}
