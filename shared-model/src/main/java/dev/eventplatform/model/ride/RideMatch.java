package dev.eventplatform.model.ride;

import dev.eventplatform.model.ContractEvent;

/**
 * A driver assigned to a ride request, on {@code ride-matches}, keyed by {@code requestId}.
 *
 * @param requestTs the request's event time
 * @param ts when the match was made
 */
public record RideMatch(
    String requestId,
    String riderId,
    String driverId,
    double pickupDistanceKm,
    double score,
    long requestTs,
    long ts)
    implements ContractEvent {}
