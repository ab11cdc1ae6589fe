package dev.eventplatform.model.ride;

import dev.eventplatform.model.ContractEvent;

/**
 * A ping that did not move its driver, on {@code location-anomalies}, keyed by {@code driverId}.
 *
 * @param detail a readable explanation with the figures behind it
 * @param ts the event time of the rejected ping
 */
public record LocationAnomaly(String driverId, AnomalyKind kind, String detail, long ts)
    implements ContractEvent {}
