package dev.eventplatform.model.video;

import dev.eventplatform.model.ContractEvent;

/** A new bitrate for a playback session, on {@code abr-decisions}, keyed by {@code sessionId}. */
public record AbrDecision(
    String sessionId, double bitrateKbps, String resolution, String reason, long ts)
    implements ContractEvent {}
