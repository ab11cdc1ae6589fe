package dev.eventplatform.model.ride;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/**
 * A driver's accepted position, on {@code driver-positions}, keyed by {@code driverId}. It is an
 * output of location-ingest and an input of surge-pricing and ride-matching, which must reject a
 * record without a driver, a place or a time rather than price or match with zeros.
 *
 * @param geohash precision-7 cell of the position
 * @param previousGeohash the cell of the driver's previous position, {@code null} on first sight
 * @param expired true on the one record that says the driver fell silent for the TTL; it repeats
 *     the last known position and cell, and the driver is unknown after it
 */
public record DriverPosition(
    @JsonProperty(required = true) String driverId,
    @JsonProperty(required = true) double lat,
    @JsonProperty(required = true) double lng,
    String geohash,
    String previousGeohash,
    boolean expired,
    @JsonProperty(required = true) long ts)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("driverId", driverId)
        .latitude("lat", lat)
        .longitude("lng", lng)
        .positiveTime("ts", ts)
        .result();
  }
}
