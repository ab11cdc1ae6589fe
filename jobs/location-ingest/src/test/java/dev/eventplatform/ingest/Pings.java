package dev.eventplatform.ingest;

import dev.eventplatform.model.ride.DriverLocation;

/** Named instants and ping factories shared by the location-ingest tests. */
final class Pings {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long ONE_SECOND = 1_000;
  static final long ONE_MINUTE = 60_000;
  static final long FIVE_MINUTES = 5 * ONE_MINUTE;

  /** Zurich main station and a point about 150 m east of it, in another precision-7 cell. */
  static final double LAT = 47.3779;

  static final double LNG = 8.5403;
  static final double LNG_150M_EAST = 8.5423;

  /** Geneva, about 225 km away: no car gets there in a minute. */
  static final double FAR_LAT = 46.2044;

  static final double FAR_LNG = 6.1432;

  private Pings() {}

  static DriverLocation ping(String driverId, double lat, double lng, long ts) {
    return DriverLocation.of(driverId, lat, lng, ts);
  }

  static DriverLocation atStation(String driverId, long ts) {
    return ping(driverId, LAT, LNG, ts);
  }
}
