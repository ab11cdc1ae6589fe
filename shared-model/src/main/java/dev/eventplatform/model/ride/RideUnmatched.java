package dev.eventplatform.model.ride;

import dev.eventplatform.model.ContractEvent;

/**
 * A ride request that ended without a driver, on {@code ride-unmatched}, keyed by {@code
 * requestId}.
 */
public record RideUnmatched(String requestId, String riderId, UnmatchedReason reason, long ts)
    implements ContractEvent {}
