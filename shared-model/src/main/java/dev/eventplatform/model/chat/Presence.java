package dev.eventplatform.model.chat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/**
 * A user connecting or disconnecting, from {@code presence}, keyed by {@code userId}.
 *
 * @param gatewayId the connection node holding the user's socket; required when ONLINE
 */
public record Presence(
    @JsonProperty(required = true) String userId,
    @JsonProperty(required = true) PresenceStatus status,
    String gatewayId,
    @JsonProperty(required = true) long ts)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("userId", userId)
        .notNull("status", status)
        .rule(
            status != PresenceStatus.ONLINE || (gatewayId != null && !gatewayId.isBlank()),
            "field 'gatewayId' is required when status is ONLINE")
        .positiveTime("ts", ts)
        .result();
  }
}
