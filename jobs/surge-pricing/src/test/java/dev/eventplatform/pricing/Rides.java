package dev.eventplatform.pricing;

import dev.eventplatform.config.Settings;
import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.RideQuote;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.Weather;
import java.util.ArrayList;
import java.util.List;

/** Named instants, places and event factories shared by the surge-pricing tests. */
final class Rides {

  /** 2026-01-01T12:00:00Z: midday, so no night surcharge, and a slide boundary. */
  static final long T0 = 1_767_268_800_000L;

  static final long ONE_SECOND = 1_000;
  static final long SLIDE = 30_000;
  static final long ONE_MINUTE = 60_000;
  static final long FIVE_MINUTES = 5 * ONE_MINUTE;

  /** Zurich main station; its pricing cell; a cell about 4 km north (Oerlikon). */
  static final double LAT = 47.3779;

  static final double LNG = 8.5403;
  static final String CELL = Geohash.encode(LAT, LNG, Geohash.PRICING_PRECISION);
  static final double NORTH_LAT = 47.4116;
  static final double NORTH_LNG = 8.5441;
  static final String NORTH_CELL = Geohash.encode(NORTH_LAT, NORTH_LNG, Geohash.PRICING_PRECISION);

  /** The base price every {@link #requestIn} quote carries. */
  static final double BASE_PRICE = 10.00;

  private Rides() {}

  /** The job's settings with defaults, plus {@code --key value} overrides. */
  static SurgePricingConfig config(String... overrides) {
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", "unused:9092"));
    args.addAll(List.of(overrides));
    return SurgePricingConfig.from(Settings.fromArgs(args.toArray(String[]::new)));
  }

  static RideRequest request(String requestId, double lat, double lng, long ts) {
    return new RideRequest(
        requestId, "rider-" + requestId, lat, lng, lat + 0.01, lng + 0.01, ts, null, null);
  }

  /** A request in {@code cell}, as the per-cell operator receives it. */
  static CellEvent requestIn(String cell, String requestId, long ts) {
    return CellEvent.request(
        new RideQuote(requestId, "rider-" + requestId, cell, BASE_PRICE, 1.0, BASE_PRICE, ts));
  }

  static CellEvent driversArrive(String cell, long ts) {
    return CellEvent.supplyChange(cell, +1, ts);
  }

  static CellEvent driverLeaves(String cell, long ts) {
    return CellEvent.supplyChange(cell, -1, ts);
  }

  static DriverPosition position(String driverId, double lat, double lng, long ts) {
    return new DriverPosition(
        driverId, lat, lng, Geohash.encode(lat, lng, Geohash.POSITION_PRECISION), null, false, ts);
  }

  static DriverPosition expired(String driverId, double lat, double lng, long ts) {
    String cell = Geohash.encode(lat, lng, Geohash.POSITION_PRECISION);
    return new DriverPosition(driverId, lat, lng, cell, cell, true, ts);
  }

  static DriverStatus status(String driverId, DriverState state, long ts) {
    return new DriverStatus(driverId, state, "ECONOMY", 4.8, ts);
  }

  static PricingContext weather(String area, Weather weather, long ts) {
    return new PricingContext(area, ts, weather, null, null);
  }

  static PricingContext context(
      String area, Weather weather, List<String> events, Double traffic, long ts) {
    return new PricingContext(area, ts, weather, events, traffic);
  }
}
