package dev.eventplatform.model.ride;

/** Weather over an area, as reported on {@code pricing-context}. */
public enum Weather {
  CLEAR,
  RAIN,
  SNOW
}
