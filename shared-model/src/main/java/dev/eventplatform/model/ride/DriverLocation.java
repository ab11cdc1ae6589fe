package dev.eventplatform.model.ride;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/** A driver's GPS ping, from {@code driver-locations}, keyed by {@code driverId}. */
public record DriverLocation(
    @JsonProperty(required = true) String driverId,
    @JsonProperty(required = true) double lat,
    @JsonProperty(required = true) double lng,
    @JsonProperty(required = true) long ts,
    Double accuracyM,
    Double speedMps,
    Double bearingDeg)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("driverId", driverId)
        .latitude("lat", lat)
        .longitude("lng", lng)
        .positiveTime("ts", ts)
        .betweenIfPresent("accuracyM", accuracyM, 0, 100_000)
        .betweenIfPresent("speedMps", speedMps, 0, 1_000)
        .betweenIfPresent("bearingDeg", bearingDeg, 0, 360)
        .result();
  }

  /** A ping with only the required fields. */
  public static DriverLocation of(String driverId, double lat, double lng, long ts) {
    return new DriverLocation(driverId, lat, lng, ts, null, null, null);
  }
}
