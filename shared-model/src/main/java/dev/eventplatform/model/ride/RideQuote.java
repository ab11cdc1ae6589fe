package dev.eventplatform.model.ride;

import dev.eventplatform.model.ContractEvent;

/** The price quoted for one ride request, on {@code ride-quotes}, keyed by {@code requestId}. */
public record RideQuote(
    String requestId,
    String riderId,
    String cell,
    double basePrice,
    double multiplier,
    double price,
    long ts)
    implements ContractEvent {}
