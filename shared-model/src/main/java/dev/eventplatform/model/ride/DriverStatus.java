package dev.eventplatform.model.ride;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/** A driver's status change, from {@code driver-status}, keyed by {@code driverId}. */
public record DriverStatus(
    @JsonProperty(required = true) String driverId,
    @JsonProperty(required = true) DriverState status,
    @JsonProperty(required = true) String vehicleType,
    @JsonProperty(required = true) double rating,
    @JsonProperty(required = true) long ts)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("driverId", driverId)
        .notNull("status", status)
        .notBlank("vehicleType", vehicleType)
        .between("rating", rating, 1.0, 5.0)
        .positiveTime("ts", ts)
        .result();
  }
}
