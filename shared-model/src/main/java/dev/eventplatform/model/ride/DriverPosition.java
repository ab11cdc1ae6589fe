package dev.eventplatform.model.ride;

import dev.eventplatform.model.ContractEvent;

/**
 * A driver's accepted position, on {@code driver-positions}, keyed by {@code driverId}.
 *
 * @param geohash precision-7 cell of the position
 * @param previousGeohash the cell of the driver's previous position, {@code null} on first sight
 * @param expired true on the one record that says the driver fell silent for the TTL; it repeats
 *     the last known position and cell, and the driver is unknown after it
 */
public record DriverPosition(
    String driverId,
    double lat,
    double lng,
    String geohash,
    String previousGeohash,
    boolean expired,
    long ts)
    implements ContractEvent {}
