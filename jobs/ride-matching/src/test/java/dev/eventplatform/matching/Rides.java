package dev.eventplatform.matching;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideRequest;
import java.time.Duration;

/** Named instants, places and event factories shared by the ride-matching tests. */
final class Rides {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long ONE_SECOND = 1_000;
  static final long THIRTY_SECONDS = 30_000;

  /** Zurich main station. */
  static final double LAT = 47.3779;

  static final double LNG = 8.5403;

  static final RideMatchingConfig CONFIG =
      new RideMatchingConfig(
          null, 5.0, 4, Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofMillis(5));

  /** The area of the station at the default precision. */
  static final String AREA = Geohash.encode(LAT, LNG, CONFIG.areaPrecision());

  private Rides() {}

  /** Longitude of a point {@code km} east of the station (negative: west). */
  static double lngEast(double km) {
    return LNG + km / (111.195 * Math.cos(Math.toRadians(LAT)));
  }

  static RideRequest request(String requestId, double lat, double lng, long ts) {
    return new RideRequest(requestId, "rider-" + requestId, lat, lng, LAT, LNG, ts, null, null);
  }

  static RideRequest request(String requestId, long ts) {
    return request(requestId, LAT, LNG, ts);
  }

  static RideRequest requestFor(String requestId, String vehicleType, long ts) {
    return new RideRequest(
        requestId, "rider-" + requestId, LAT, LNG, LAT, LNG, ts, vehicleType, null);
  }

  static DriverSnapshot driver(String driverId, double kmEast, double rating, long ts) {
    return driver(driverId, LAT, lngEast(kmEast), DriverState.AVAILABLE, "ECONOMY", rating, ts);
  }

  static DriverSnapshot driver(
      String driverId,
      double lat,
      double lng,
      DriverState state,
      String vehicle,
      double rating,
      long ts) {
    return new DriverSnapshot(driverId, lat, lng, ts, state, vehicle, rating, ts);
  }

  static DriverPosition position(String driverId, double lat, double lng, long ts) {
    return new DriverPosition(driverId, lat, lng, Geohash.encode(lat, lng, 7), null, false, ts);
  }

  static DriverPosition expired(String driverId, double lat, double lng, long ts) {
    return new DriverPosition(driverId, lat, lng, Geohash.encode(lat, lng, 7), null, true, ts);
  }

  static DriverStatus status(String driverId, DriverState state, long ts) {
    return new DriverStatus(driverId, state, "ECONOMY", 4.5, ts);
  }
}
