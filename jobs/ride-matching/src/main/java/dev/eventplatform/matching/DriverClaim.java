package dev.eventplatform.matching;

import dev.eventplatform.model.ride.DriverState;

/**
 * The one authoritative word on a driver's availability: its latest status and, if matched, to
 * which request and since when. A matched driver is free again only with a status AVAILABLE whose
 * event time is later than the match.
 *
 * @param matchedRequestId null while the driver is not matched
 */
public record DriverClaim(
    DriverState status, long statusTs, String matchedRequestId, long matchedAt) {

  static final DriverClaim UNKNOWN = new DriverClaim(null, Long.MIN_VALUE, null, Long.MIN_VALUE);

  /** With a status applied, unless an equally new or newer one is already known. */
  DriverClaim withStatus(DriverState next, long ts) {
    if (ts <= statusTs) {
      return this;
    }
    boolean released = isMatched() && next == DriverState.AVAILABLE && ts > matchedAt;
    return released
        ? new DriverClaim(next, ts, null, Long.MIN_VALUE)
        : new DriverClaim(next, ts, matchedRequestId, matchedAt);
  }

  /**
   * With a grant published after the checkpoint this claim was restored from, unless the claim
   * knows something later. A grant published after the checkpoint is at least as late as every
   * status the claim holds, and later than its match if it is for another request (that match ended
   * first with a later AVAILABLE). A grant published just before the checkpoint and read back
   * anyway fails that test once a later AVAILABLE has ended it, and is the claim's own match
   * otherwise.
   */
  DriverClaim withPublishedGrant(String requestId, long at) {
    boolean known = requestId.equals(matchedRequestId);
    boolean superseded = at < statusTs || (isMatched() && at <= matchedAt);
    return known || superseded ? this : matchedTo(requestId, at);
  }

  DriverClaim matchedTo(String requestId, long at) {
    return new DriverClaim(status, statusTs, requestId, at);
  }

  boolean isMatched() {
    return matchedRequestId != null;
  }
}
