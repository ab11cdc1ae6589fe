package dev.eventplatform.matching;

import dev.eventplatform.model.ride.RideRequest;

/**
 * A request an area has not settled yet: waiting for a driver ({@code proposedTo} null) or waiting
 * for the verdict on the driver proposed in attempt {@code attempt}.
 *
 * <p>Attempts count up within a run of the job, and each run that restored from a checkpoint counts
 * in its own range: a verdict that an earlier run published after that checkpoint answers a
 * proposal the restored state never made, and must not pass for the answer to one made since.
 *
 * @param sawBusyDriver whether a driver that fits was ever within the radius while it waited, busy
 *     or taken; decides between TIMEOUT and NO_DRIVER_NEARBY
 */
public record PendingRequest(
    RideRequest request, int attempt, String proposedTo, boolean sawBusyDriver) {

  long deadline() {
    return request.ts() + request.effectiveMaxWaitMs();
  }

  /** Runs are told apart modulo this, so that a run's range still fits in an int. */
  static final int RUNS = 2047;

  private static final int RUN_SHIFT = 20;

  PendingRequest proposedTo(String driverId, int run) {
    int range = run % RUNS;
    int next = attempt >>> RUN_SHIFT == range ? attempt + 1 : (range << RUN_SHIFT) + 1;
    return new PendingRequest(request, next, driverId, sawBusyDriver);
  }

  PendingRequest waiting(boolean sawBusy) {
    return new PendingRequest(request, attempt, null, sawBusyDriver || sawBusy);
  }
}
