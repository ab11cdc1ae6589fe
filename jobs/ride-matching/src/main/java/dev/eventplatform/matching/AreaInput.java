package dev.eventplatform.matching;

import dev.eventplatform.model.ride.RideRequest;

/** One of the two things an area reacts to besides drivers: a new request, or a claim verdict. */
public record AreaInput(String area, RideRequest request, ClaimVerdict verdict) {

  public static AreaInput request(String area, RideRequest request) {
    return new AreaInput(area, request, null);
  }

  public static AreaInput verdict(ClaimVerdict verdict) {
    return new AreaInput(verdict.area(), null, verdict);
  }
}
