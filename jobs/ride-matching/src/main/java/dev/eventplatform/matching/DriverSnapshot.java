package dev.eventplatform.matching;

import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;

/**
 * What matching knows of a driver at one moment: the latest position and the latest status, each
 * with its own event time.
 */
public record DriverSnapshot(
    String driverId,
    double lat,
    double lng,
    long positionTs,
    DriverState status,
    String vehicleType,
    double rating,
    long statusTs) {

  public static DriverSnapshot of(DriverPosition position, DriverStatus status) {
    return new DriverSnapshot(
        position.driverId(),
        position.lat(),
        position.lng(),
        position.ts(),
        status.status(),
        status.vehicleType(),
        status.rating(),
        status.ts());
  }

  /** Names a driver that left an area; nothing else of it matters there any more. */
  public static DriverSnapshot departed(String driverId) {
    return new DriverSnapshot(driverId, 0, 0, 0, DriverState.OFFLINE, null, 0, 0);
  }
}
