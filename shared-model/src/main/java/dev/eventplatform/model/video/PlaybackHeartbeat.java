package dev.eventplatform.model.video;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/** A player's periodic report, from {@code playback-heartbeats}, keyed by {@code sessionId}. */
public record PlaybackHeartbeat(
    @JsonProperty(required = true) String sessionId,
    @JsonProperty(required = true) String userId,
    @JsonProperty(required = true) String contentId,
    @JsonProperty(required = true) String device,
    @JsonProperty(required = true) PlaybackState state,
    @JsonProperty(required = true) double bandwidthKbps,
    @JsonProperty(required = true) double bufferMs,
    @JsonProperty(required = true) double bitrateKbps,
    @JsonProperty(required = true) long ts)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("sessionId", sessionId)
        .notBlank("userId", userId)
        .notBlank("contentId", contentId)
        .notBlank("device", device)
        .notNull("state", state)
        .notNegative("bandwidthKbps", bandwidthKbps)
        .notNegative("bufferMs", bufferMs)
        .notNegative("bitrateKbps", bitrateKbps)
        .positiveTime("ts", ts)
        .result();
  }
}
