package dev.eventplatform.geo;

import ch.hsr.geohash.BoundingBox;
import ch.hsr.geohash.GeoHash;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Geohash cells of the platform: precision 7 (about 150 m) for driver positions, precision 6 (about
 * 1.2 × 0.6 km) for pricing. A thin layer over {@code ch.hsr:geohash}, so the jobs speak in cell
 * strings and never see the library's types.
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

  /**
   * The cells of {@code precision} that come within {@code radiusKm} of a point: every point of the
   * circle around it lies in one of them. Lets a job look up what is near a point, or find every
   * area a point is near, without scanning anything else. Circles that cross the 180th meridian
   * miss the cells on its far side.
   */
  public static List<String> cellsWithin(double lat, double lng, double radiusKm, int precision) {
    BoundingBox home = GeoHash.withCharacterPrecision(lat, lng, precision).getBoundingBox();
    double cellHeight = home.getLatitudeSize();
    double cellWidth = home.getLongitudeSize();
    double radiusDegrees = Math.toDegrees(radiusKm / Haversine.EARTH_RADIUS_KM);
    // A degree of longitude is shortest on the circle's edge nearest a pole.
    double widestLat = Math.min(89.999, Math.abs(lat) + radiusDegrees);
    double lngDegrees = Math.min(180, radiusDegrees / Math.cos(Math.toRadians(widestLat)));
    int rows = (int) Math.ceil(radiusDegrees / cellHeight) + 1;
    int columns = (int) Math.min(Math.ceil(lngDegrees / cellWidth) + 1, Math.ceil(360 / cellWidth));
    double centerLat = home.getCenter().getLatitude();
    double centerLng = home.getCenter().getLongitude();

    Set<String> cells = new LinkedHashSet<>();
    for (int row = -rows; row <= rows; row++) {
      double cellLat = centerLat + row * cellHeight;
      if (cellLat <= -90 || cellLat >= 90) {
        continue;
      }
      for (int column = -columns; column <= columns; column++) {
        double cellLng = wrapLongitude(centerLng + column * cellWidth);
        String cell = encode(cellLat, cellLng, precision);
        if (!cells.contains(cell) && distanceToCellKm(lat, lng, cell) <= radiusKm) {
          cells.add(cell);
        }
      }
    }
    return new ArrayList<>(cells);
  }

  /**
   * The shortest distance from a point to a cell, 0 inside it. Measured to the nearest point of the
   * cell's latitude/longitude box, which is exact to within metres at city distances.
   */
  public static double distanceToCellKm(double lat, double lng, String cell) {
    BoundingBox box = GeoHash.fromGeohashString(cell).getBoundingBox();
    double nearestLat = Math.max(box.getSouthLatitude(), Math.min(box.getNorthLatitude(), lat));
    double nearestLng = Math.max(box.getWestLongitude(), Math.min(box.getEastLongitude(), lng));
    return Haversine.distanceKm(lat, lng, nearestLat, nearestLng);
  }

  private static double wrapLongitude(double lng) {
    if (lng >= 180) {
      return lng - 360;
    }
    return lng < -180 ? lng + 360 : lng;
  }
}
