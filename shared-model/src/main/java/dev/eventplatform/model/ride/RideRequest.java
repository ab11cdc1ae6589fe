package dev.eventplatform.model.ride;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/** A rider asking for a ride, from {@code ride-requests}, keyed by {@code riderId}. */
public record RideRequest(
    @JsonProperty(required = true) String requestId,
    @JsonProperty(required = true) String riderId,
    @JsonProperty(required = true) double pickupLat,
    @JsonProperty(required = true) double pickupLng,
    @JsonProperty(required = true) double dropoffLat,
    @JsonProperty(required = true) double dropoffLng,
    @JsonProperty(required = true) long ts,
    String vehicleType,
    Long maxWaitMs)
    implements ContractEvent {

  /** How long a request waits for a driver when it does not say. */
  public static final long DEFAULT_MAX_WAIT_MS = 30_000;

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("requestId", requestId)
        .notBlank("riderId", riderId)
        .latitude("pickupLat", pickupLat)
        .longitude("pickupLng", pickupLng)
        .latitude("dropoffLat", dropoffLat)
        .longitude("dropoffLng", dropoffLng)
        .positiveTime("ts", ts)
        .rule(vehicleType == null || !vehicleType.isBlank(), "field 'vehicleType' is blank")
        .rule(maxWaitMs == null || maxWaitMs > 0, "field 'maxWaitMs' must be positive")
        .result();
  }

  /** {@link #maxWaitMs} or its contract default. */
  public long effectiveMaxWaitMs() {
    return maxWaitMs == null ? DEFAULT_MAX_WAIT_MS : maxWaitMs;
  }
}
