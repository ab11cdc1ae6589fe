package dev.eventplatform.pricing;

import dev.eventplatform.model.ride.Weather;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The seed design's pricing rules, as pure functions of one cell at one window end. Each rule is a
 * named factor; the multiplier is their product, kept within [1.0, cap] and moved towards by at
 * most a step per slide.
 */
public final class SurgeRules {

  public static final String DEMAND = "demand";
  public static final String SUPPLY = "supply";
  public static final String NIGHT = "night";
  public static final String TRAFFIC = "traffic";

  static final double NO_SURGE = 1.0;

  private SurgeRules() {}

  /** Demand ÷ max(supply, 1): above 1.5 → ×1.5, above 1.2 → ×1.2. */
  static double demandFactor(long demand, long supply) {
    double ratio = (double) demand / Math.max(supply, 1);
    if (ratio > 1.5) {
      return 1.5;
    }
    return ratio > 1.2 ? 1.2 : NO_SURGE;
  }

  /**
   * Supply ÷ usual supply: below 0.5 → ×1.3, below 0.8 → ×1.1. A cell whose usual supply is zero
   * has no shortage to price: it never had drivers to lose.
   */
  static double supplyFactor(long supply, double usualSupply) {
    if (usualSupply <= 0) {
      return NO_SURGE;
    }
    double ratio = supply / usualSupply;
    if (ratio < 0.5) {
      return 1.3;
    }
    return ratio < 0.8 ? 1.1 : NO_SURGE;
  }

  /** 22:00 (inclusive) to 06:00 (exclusive), local time in {@code zone}. */
  static boolean isNight(long epochMillis, ZoneId zone) {
    int hour = Instant.ofEpochMilli(epochMillis).atZone(zone).getHour();
    return hour >= 22 || hour < 6;
  }

  /** Rain or snow → ×1.3. */
  static double weatherFactor(Weather weather) {
    return weather == Weather.RAIN || weather == Weather.SNOW ? 1.3 : NO_SURGE;
  }

  /** Each concert or sports event → ×1.4; other events do not move prices. */
  static double eventFactor(String event) {
    String kind = event.toLowerCase(Locale.ROOT);
    return kind.equals("concert") || kind.equals("sports") ? 1.4 : NO_SURGE;
  }

  /** Traffic above 0.7 → ×1.2. */
  static double trafficFactor(Double traffic) {
    return traffic != null && traffic > 0.7 ? 1.2 : NO_SURGE;
  }

  /**
   * Every factor that applies, by name, in rule order: {@code demand}, {@code supply}, {@code
   * night}, the weather ({@code rain}, {@code snow}), each event kind ({@code concert}, {@code
   * sports}: 1.4 to the power of their number) and {@code traffic}. Factors of 1.0 are left out.
   */
  static Map<String, Double> factors(
      long demand, long supply, double usualSupply, boolean night, AreaConditions conditions) {
    Map<String, Double> factors = new LinkedHashMap<>();
    putIfApplied(factors, DEMAND, demandFactor(demand, supply));
    putIfApplied(factors, SUPPLY, supplyFactor(supply, usualSupply));
    putIfApplied(factors, NIGHT, night ? 1.2 : NO_SURGE);
    if (conditions.weather() != null) {
      putIfApplied(
          factors,
          conditions.weather().name().toLowerCase(Locale.ROOT),
          weatherFactor(conditions.weather()));
    }
    for (String event : conditions.events()) {
      double factor = eventFactor(event);
      if (factor != NO_SURGE) {
        factors.merge(event.toLowerCase(Locale.ROOT), factor, (a, b) -> round(a * b, 4));
      }
    }
    putIfApplied(factors, TRAFFIC, trafficFactor(conditions.traffic()));
    return Collections.unmodifiableMap(factors);
  }

  /**
   * The multiplier to publish: the product of {@code factors}, capped at {@code cap} and never
   * below 1.0 (plenty of drivers is no discount), then moved from {@code previous} by at most
   * {@code maxStep} so that a cell does not flap between two windows; rounded to two decimals.
   */
  static double multiplier(
      Map<String, Double> factors, double previous, double cap, double maxStep) {
    double product = NO_SURGE;
    for (double factor : factors.values()) {
      product *= factor;
    }
    double target = Math.min(cap, Math.max(NO_SURGE, product));
    double step = Math.max(-maxStep, Math.min(maxStep, target - previous));
    return round(previous + step, 2);
  }

  private static void putIfApplied(Map<String, Double> factors, String name, double factor) {
    if (factor != NO_SURGE) {
      factors.put(name, factor);
    }
  }

  private static double round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
