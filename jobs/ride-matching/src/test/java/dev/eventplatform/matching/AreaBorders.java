package dev.eventplatform.matching;

import dev.eventplatform.geo.Geohash;

/** Finds where an area ends, so tests can put riders and drivers right on either side. */
final class AreaBorders {

  private AreaBorders() {}

  /** The longitude of the eastern edge of the area holding the point, to about a centimetre. */
  static double eastBorderLng(double lat, double lng, int precision) {
    String area = Geohash.encode(lat, lng, precision);
    double inside = lng;
    double outside = lng + 1.0;
    while (outside - inside > 1e-7) {
      double middle = (inside + outside) / 2;
      if (Geohash.encode(lat, middle, precision).equals(area)) {
        inside = middle;
      } else {
        outside = middle;
      }
    }
    return outside;
  }

  /** The latitude of the northern edge of the area holding the point. */
  static double northBorderLat(double lat, double lng, int precision) {
    String area = Geohash.encode(lat, lng, precision);
    double inside = lat;
    double outside = Math.min(89.9, lat + 1.0);
    while (outside - inside > 1e-7) {
      double middle = (inside + outside) / 2;
      if (Geohash.encode(middle, lng, precision).equals(area)) {
        inside = middle;
      } else {
        outside = middle;
      }
    }
    return outside;
  }
}
