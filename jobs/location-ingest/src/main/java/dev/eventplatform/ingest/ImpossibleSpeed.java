package dev.eventplatform.ingest;

import dev.eventplatform.geo.Haversine;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;

/**
 * The rule against GPS spoofing and teleporting fixes: a ping that implies a speed above the limit
 * from the driver's previous ping cannot be where the driver is.
 *
 * <p>This was a flink-cep pattern ({@code begin("previous").next("current").where(faster)}). On the
 * RocksDB backend of Flink 2.2 the CEP operator did several prefix scans of its keyed map state per
 * ping, and every scan stepped over the tombstones of all drivers' emptied event queues
 * (FLINK-40584): location-ingest drained 50–90 pings/s. The rule needs nothing a pattern engine
 * gives: {@link DriverPositionTracker} already releases each driver's pings in event-time order, so
 * it compares each ping with the one before in O(1) state.
 */
public final class ImpossibleSpeed implements Serializable {

  private final double maxSpeedKmh;

  public ImpossibleSpeed(double maxSpeedKmh) {
    this.maxSpeedKmh = maxSpeedKmh;
  }

  /** Why {@code ping} cannot follow {@code previous}, or empty if a vehicle can make the move. */
  public Optional<String> violation(DriverPosition previous, DriverLocation ping) {
    double km = Haversine.distanceKm(previous.lat(), previous.lng(), ping.lat(), ping.lng());
    double kmh = speedKmh(km, ping.ts() - previous.ts());
    if (kmh <= maxSpeedKmh) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "moved %.2f km in %.1f s (%.0f km/h) from %.5f,%.5f to %.5f,%.5f",
            km,
            (ping.ts() - previous.ts()) / 1000.0,
            kmh,
            previous.lat(),
            previous.lng(),
            ping.lat(),
            ping.lng()));
  }

  /** Pings at the same instant have no speed: they are duplicates or stale, not a move. */
  static double speedKmh(double km, long millis) {
    return millis <= 0 ? 0 : km / (millis / 3_600_000.0);
  }
}
