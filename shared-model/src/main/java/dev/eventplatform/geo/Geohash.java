package dev.eventplatform.geo;

import ch.hsr.geohash.GeoHash;
import java.util.ArrayList;
import java.util.List;

/**
 * Geohash cells of the platform: precision 7 (about 150 m) for driver positions, precision 6
 * (about 1.2 × 0.6 km) for pricing. A thin layer over {@code ch.hsr:geohash}, so the jobs speak in
 * cell strings and never see the library's types.
 */
public final class Geohash {

  /** Precision of {@code driver-positions}. */
  public static final int POSITION_PRECISION = 7;

  /** Precision of surge-pricing cells. */
  public static final int PRICING_PRECISION = 6;

  private Geohash() {}

  public static String encode(double lat, double lng, int precision) {
    return GeoHash.geoHashStringWithCharacterPrecision(lat, lng, precision);
  }

  /** The eight cells around {@code cell}, of the same precision, clockwise from north. */
  public static List<String> neighbours(String cell) {
    GeoHash[] adjacent = GeoHash.fromGeohashString(cell).getAdjacent();
    List<String> cells = new ArrayList<>(adjacent.length);
    for (GeoHash hash : adjacent) {
      cells.add(hash.toBase32());
    }
    return cells;
  }

  /** The cell and its eight neighbours. */
  public static List<String> cellAndNeighbours(String cell) {
    List<String> cells = new ArrayList<>(9);
    cells.add(cell);
    cells.addAll(neighbours(cell));
    return cells;
  }
}
