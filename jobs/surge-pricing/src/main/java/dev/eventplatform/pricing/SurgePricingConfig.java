package dev.eventplatform.pricing;

import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.config.Settings;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of surge-pricing, on top of the {@linkplain PlatformConfig shared ones}:
 *
 * <ul>
 *   <li>{@code window.size}: demand counts the requests of this sliding event-time window, default
 *       5 min (a whole number of slides);
 *   <li>{@code window.slide}: how often each active cell gets a new multiplier, default 30 s;
 *   <li>{@code usual-supply.period}: a cell's usual supply is its average over this period, default
 *       1 h (a whole number of slides);
 *   <li>{@code multiplier.cap}: the highest multiplier, default 3.0;
 *   <li>{@code multiplier.max-step}: the most a cell's multiplier moves, up or down, from one slide
 *       to the next, default 0.5;
 *   <li>{@code time-zone}: where "night" (22:00 to 06:00) is reckoned, default UTC; {@code
 *       time-zone.<geohash prefix>} sets it for the cells under a prefix (the longest prefix wins),
 *       e.g. {@code --time-zone.u0 Europe/Zurich};
 *   <li>{@code fare.base}: the fixed part of a base price, default 2.50;
 *   <li>{@code fare.per-km}: the price per great-circle kilometre from pickup to drop-off, default
 *       1.20;
 *   <li>{@code driver-idle-ttl}: a driver with no position and no status for this long (event time)
 *       is forgotten, and no longer counts as supply anywhere, default 1 h.
 * </ul>
 */
public record SurgePricingConfig(
    PlatformConfig platform,
    Duration window,
    Duration slide,
    Duration usualSupplyPeriod,
    double multiplierCap,
    double maxStep,
    ZoneId timeZone,
    Map<String, ZoneId> timeZonesByArea,
    double baseFare,
    double perKmRate,
    Duration driverIdleTtl)
    implements Serializable {

  public SurgePricingConfig {
    requirePositive("window.slide", slide);
    requireWholeSlides("window.size", window, slide);
    requireWholeSlides("usual-supply.period", usualSupplyPeriod, slide);
    requirePositive("driver-idle-ttl", driverIdleTtl);
    if (!(multiplierCap >= 1.0)) {
      throw new IllegalArgumentException("setting --multiplier.cap must be at least 1.0");
    }
    if (!(maxStep > 0)) {
      throw new IllegalArgumentException("setting --multiplier.max-step must be positive");
    }
    if (!(baseFare >= 0) || !(perKmRate >= 0)) {
      throw new IllegalArgumentException(
          "settings --fare.base and --fare.per-km must not be negative");
    }
    timeZonesByArea = Map.copyOf(timeZonesByArea);
  }

  public static SurgePricingConfig from(Settings settings) {
    return new SurgePricingConfig(
        PlatformConfig.from(settings, SurgePricingJob.NAME),
        settings.duration("window.size", Duration.ofMinutes(5)),
        settings.duration("window.slide", Duration.ofSeconds(30)),
        settings.duration("usual-supply.period", Duration.ofHours(1)),
        settings.decimal("multiplier.cap", 3.0),
        settings.decimal("multiplier.max-step", 0.5),
        zone("time-zone", settings.string("time-zone", "UTC")),
        zonesByArea(settings.withPrefix("time-zone")),
        settings.decimal("fare.base", 2.50),
        settings.decimal("fare.per-km", 1.20),
        settings.duration("driver-idle-ttl", Duration.ofHours(1)));
  }

  /** The time zone of a cell: the one of the longest configured prefix, else {@link #timeZone}. */
  public ZoneId timeZoneOf(String cell) {
    for (int length = cell.length(); length > 0; length--) {
      ZoneId zone = timeZonesByArea.get(cell.substring(0, length));
      if (zone != null) {
        return zone;
      }
    }
    return timeZone;
  }

  public Fares fares() {
    return new Fares(baseFare, perKmRate);
  }

  private static Map<String, ZoneId> zonesByArea(Map<String, String> names) {
    Map<String, ZoneId> zones = new LinkedHashMap<>();
    names.forEach((area, name) -> zones.put(area, zone("time-zone." + area, name)));
    return zones;
  }

  private static ZoneId zone(String key, String name) {
    try {
      return ZoneId.of(name.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "setting --" + key + " is '" + name + "', expected a time zone like 'Europe/Zurich'", e);
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("setting --" + key + " must be positive");
    }
  }

  private static void requireWholeSlides(String key, Duration value, Duration slide) {
    requirePositive(key, value);
    if (value.toMillis() % slide.toMillis() != 0) {
      throw new IllegalArgumentException(
          "setting --" + key + " (" + value + ") must be a whole number of slides (" + slide + ")");
    }
  }
}
