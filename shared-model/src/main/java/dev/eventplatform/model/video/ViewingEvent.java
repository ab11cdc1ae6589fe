package dev.eventplatform.model.video;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/**
 * How much of a title a user watched in a session, from {@code viewing-events}, keyed by {@code
 * userId}.
 */
public record ViewingEvent(
    @JsonProperty(required = true) String userId,
    @JsonProperty(required = true) String contentId,
    @JsonProperty(required = true) String sessionId,
    @JsonProperty(required = true) long watchedMs,
    @JsonProperty(required = true) double completionRate,
    @JsonProperty(required = true) String device,
    @JsonProperty(required = true) long ts,
    String quality)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("userId", userId)
        .notBlank("contentId", contentId)
        .notBlank("sessionId", sessionId)
        .rule(watchedMs >= 0, "field 'watchedMs' must not be negative")
        .between("completionRate", completionRate, 0.0, 1.0)
        .notBlank("device", device)
        .positiveTime("ts", ts)
        .result();
  }
}
