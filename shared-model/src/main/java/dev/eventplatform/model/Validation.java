package dev.eventplatform.model;

import java.util.Collection;

/**
 * Collects the first contract violation of an event, so each event type states its rules in a few
 * readable lines:
 *
 * <pre>{@code
 * return Validation.check().notBlank("driverId", driverId).latitude("lat", lat).result();
 * }</pre>
 */
public final class Validation {

  private String violation;

  private Validation() {}

  public static Validation check() {
    return new Validation();
  }

  /** The first violation found, or {@code null} when every rule held. */
  public String result() {
    return violation;
  }

  public Validation notBlank(String field, String value) {
    if (violation == null && (value == null || value.isBlank())) {
      violation = "field '" + field + "' must not be blank";
    }
    return this;
  }

  public Validation notNull(String field, Object value) {
    if (violation == null && value == null) {
      violation = "missing required field '" + field + "'";
    }
    return this;
  }

  public Validation latitude(String field, double value) {
    return between(field, value, -90, 90);
  }

  public Validation longitude(String field, double value) {
    return between(field, value, -180, 180);
  }

  /** An inclusive range; NaN and infinities are always out of it. */
  public Validation between(String field, double value, double min, double max) {
    if (violation == null && !(value >= min && value <= max)) {
      violation = "field '" + field + "' is " + value + ", outside [" + min + ", " + max + "]";
    }
    return this;
  }

  /** Like {@link #between} but a {@code null} (an absent optional field) passes. */
  public Validation betweenIfPresent(String field, Double value, double min, double max) {
    return value == null ? this : between(field, value, min, max);
  }

  public Validation positiveTime(String field, long epochMillis) {
    if (violation == null && epochMillis <= 0) {
      violation = "field '" + field + "' must be a positive epoch-millisecond time";
    }
    return this;
  }

  public Validation notNegative(String field, double value) {
    if (violation == null && !(value >= 0 && value < Double.POSITIVE_INFINITY)) {
      violation = "field '" + field + "' is " + value + ", must be a finite number >= 0";
    }
    return this;
  }

  public Validation noBlankElements(String field, Collection<String> values) {
    if (violation == null && values != null) {
      for (String value : values) {
        if (value == null || value.isBlank()) {
          violation = "field '" + field + "' must not contain blank or null entries";
          break;
        }
      }
    }
    return this;
  }

  /** A rule that does not fit the helpers above: {@code problem} is reported when it is false. */
  public Validation rule(boolean holds, String problem) {
    if (violation == null && !holds) {
      violation = problem;
    }
    return this;
  }
}
