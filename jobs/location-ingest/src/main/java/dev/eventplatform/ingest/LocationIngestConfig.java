package dev.eventplatform.ingest;

import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of location-ingest, on top of the {@linkplain PlatformConfig shared ones}:
 *
 * <ul>
 *   <li>{@code driver-ttl}: a driver silent this long (event time) expires, default 5 min;
 *   <li>{@code max-speed-kmh}: a ping implying a faster move from the driver's previous one is an
 *       {@code IMPOSSIBLE_SPEED} anomaly, default 250.
 * </ul>
 */
public record LocationIngestConfig(PlatformConfig platform, Duration driverTtl, double maxSpeedKmh)
    implements Serializable {

  public static LocationIngestConfig from(Settings settings) {
    return new LocationIngestConfig(
        PlatformConfig.from(settings, LocationIngestJob.NAME),
        settings.duration("driver-ttl", Duration.ofMinutes(5)),
        settings.decimal("max-speed-kmh", 250));
  }
}
