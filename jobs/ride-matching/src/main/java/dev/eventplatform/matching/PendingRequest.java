package dev.eventplatform.matching;

import dev.eventplatform.model.ride.RideRequest;

/**
 * A request an area has not settled yet: waiting for a driver ({@code proposedTo} null) or waiting
 * for the verdict on the driver proposed in attempt {@code attempt}.
 *
 * @param sawBusyDriver whether a driver that fits was ever within the radius while it waited, busy
 *     or taken; decides between TIMEOUT and NO_DRIVER_NEARBY
 */
public record PendingRequest(
    RideRequest request, int attempt, String proposedTo, boolean sawBusyDriver) {

  long deadline() {
    return request.ts() + request.effectiveMaxWaitMs();
  }

  PendingRequest proposedTo(String driverId) {
    return new PendingRequest(request, attempt + 1, driverId, sawBusyDriver);
  }

  PendingRequest waiting(boolean sawBusy) {
    return new PendingRequest(request, attempt, null, sawBusyDriver || sawBusy);
  }
}
