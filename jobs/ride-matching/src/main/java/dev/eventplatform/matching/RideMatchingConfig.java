package dev.eventplatform.matching;

import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of ride-matching, on top of the {@linkplain PlatformConfig shared ones}:
 *
 * <ul>
 *   <li>{@code radius-km}: drivers further from the pickup are never candidates, default 5;
 *   <li>{@code area-precision}: geohash precision of the areas that search for candidates, 1 to 5,
 *       default 4 (about 39 × 20 km at the equator, 27 × 20 km at 45°). Finer areas spread a city
 *       over more parallel tasks but copy each driver to more of them;
 *   <li>{@code dedupe-retention}: how long (event time) a request id is remembered so that a repeat
 *       of it is ignored, default 10 min;
 *   <li>{@code driver-retention}: how long a driver's status and claim are kept after their last
 *       change, default 24 h (processing time);
 *   <li>{@code buffer-timeout}: the longest a network buffer between operators waits to fill before
 *       it is sent. A request crosses three keyed hops to its match, so Flink's default of 100 ms
 *       each would dominate the latency at low traffic; default 5 ms.
 * </ul>
 *
 * <p>How long a request waits is its own {@code maxWaitMs} (contract default 30 s).
 */
public record RideMatchingConfig(
    PlatformConfig platform,
    double radiusKm,
    int areaPrecision,
    Duration dedupeRetention,
    Duration driverRetention,
    Duration bufferTimeout)
    implements Serializable {

  /** Precision of the cells that index drivers inside an area (about 1.2 × 0.6 km). */
  public static final int INDEX_PRECISION = 6;

  public RideMatchingConfig {
    if (!(radiusKm > 0)) {
      throw new IllegalArgumentException("setting --radius-km must be positive, is " + radiusKm);
    }
    if (areaPrecision < 1 || areaPrecision >= INDEX_PRECISION) {
      throw new IllegalArgumentException(
          "setting --area-precision must be 1 to "
              + (INDEX_PRECISION - 1)
              + ", is "
              + areaPrecision);
    }
  }

  public static RideMatchingConfig from(Settings settings) {
    return new RideMatchingConfig(
        PlatformConfig.from(settings, RideMatchingJob.NAME),
        settings.decimal("radius-km", 5.0),
        settings.integer("area-precision", 4),
        settings.duration("dedupe-retention", Duration.ofMinutes(10)),
        settings.duration("driver-retention", Duration.ofHours(24)),
        settings.duration("buffer-timeout", Duration.ofMillis(5)));
  }
}
