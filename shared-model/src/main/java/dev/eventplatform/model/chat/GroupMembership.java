package dev.eventplatform.model.chat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/** A user joining or leaving a group, from {@code group-membership}, keyed by {@code groupId}. */
public record GroupMembership(
    @JsonProperty(required = true) String groupId,
    @JsonProperty(required = true) String userId,
    @JsonProperty(required = true) MembershipAction action,
    @JsonProperty(required = true) long ts)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("groupId", groupId)
        .notBlank("userId", userId)
        .notNull("action", action)
        .positiveTime("ts", ts)
        .result();
  }
}
