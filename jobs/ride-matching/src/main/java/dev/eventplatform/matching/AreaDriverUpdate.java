package dev.eventplatform.matching;

/**
 * A driver's copy in one area, from the {@link DriverDirectory}: the driver as it is now, or, when
 * {@code left} is true, the news that it is no longer within reach of the area.
 */
public record AreaDriverUpdate(String area, DriverSnapshot driver, boolean left) {}
