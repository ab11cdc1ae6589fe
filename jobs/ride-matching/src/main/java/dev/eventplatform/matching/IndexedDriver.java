package dev.eventplatform.matching;

import dev.eventplatform.model.ride.DriverState;

/**
 * A driver as an area keeps it: its latest copy, and since when the area knows it is taken ({@link
 * #FREE} if not). A taken driver is free again with a status AVAILABLE later than that.
 */
public record IndexedDriver(DriverSnapshot driver, long takenSince) {

  public static final long FREE = Long.MIN_VALUE;

  boolean isAvailable() {
    return driver.status() == DriverState.AVAILABLE
        && (takenSince == FREE || driver.statusTs() > takenSince);
  }

  IndexedDriver takenSince(long since) {
    return new IndexedDriver(driver, Math.max(takenSince, since));
  }
}
