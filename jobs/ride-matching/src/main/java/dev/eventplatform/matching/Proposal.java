package dev.eventplatform.matching;

import dev.eventplatform.model.ride.RideRequest;

/**
 * An area's choice of a driver for a request, for {@link DriverClaims} to grant or refuse.
 *
 * @param area the area that proposes, and that hears the verdict
 * @param attempt counts the proposals for the request, so a repeated verdict is recognised
 * @param driver the driver as the area saw it
 * @param ts the event time of the proposal: of the request, or of the event that let it match
 */
public record Proposal(
    String area,
    int attempt,
    RideRequest request,
    DriverSnapshot driver,
    double distanceKm,
    double score,
    long ts) {}
