package dev.eventplatform.model.ride;

/** A driver's availability, as reported on {@code driver-status}. */
public enum DriverState {
  AVAILABLE,
  BUSY,
  OFFLINE
}
