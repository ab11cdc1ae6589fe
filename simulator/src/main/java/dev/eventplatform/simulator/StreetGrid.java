package dev.eventplatform.simulator;

/**
 * A city of straight streets every {@link #BLOCK_M} metres, east-west and north-south, around a
 * centre. Positions are metres east ({@code x}) and north ({@code y}) of the south-west corner;
 * intersections are whole multiples of a block. Close enough to flat for a dozen kilometres.
 */
final class StreetGrid {

  static final double BLOCK_M = 250;
  private static final double METRES_PER_DEGREE_LAT = 111_320;

  private final double southLat;
  private final double westLng;
  private final double metresPerDegreeLng;
  private final int blocks;

  /** A grid of {@code blocks} × {@code blocks} blocks centred on the given point. */
  StreetGrid(double centreLat, double centreLng, int blocks) {
    this.blocks = blocks;
    this.metresPerDegreeLng = METRES_PER_DEGREE_LAT * Math.cos(Math.toRadians(centreLat));
    double halfM = blocks * BLOCK_M / 2;
    this.southLat = centreLat - halfM / METRES_PER_DEGREE_LAT;
    this.westLng = centreLng - halfM / metresPerDegreeLng;
  }

  int blocks() {
    return blocks;
  }

  double sizeM() {
    return blocks * BLOCK_M;
  }

  double lat(double y) {
    return southLat + y / METRES_PER_DEGREE_LAT;
  }

  double lng(double x) {
    return westLng + x / metresPerDegreeLng;
  }

  double x(double lng) {
    return (lng - westLng) * metresPerDegreeLng;
  }

  double y(double lat) {
    return (lat - southLat) * METRES_PER_DEGREE_LAT;
  }

  /** The index of the street nearest to a coordinate, kept inside the grid. */
  int nearestStreet(double metres) {
    return Math.max(0, Math.min(blocks, (int) Math.round(metres / BLOCK_M)));
  }
}
