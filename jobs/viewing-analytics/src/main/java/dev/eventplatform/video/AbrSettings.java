package dev.eventplatform.video;

import java.io.Serializable;
import java.time.Duration;

/**
 * How {@link BitrateSelector} picks a rung. See {@link ViewingAnalyticsConfig} for the keys.
 *
 * @param reservoir below this buffer level the lowest rung is chosen (BBA's reservoir)
 * @param cushion above reservoir + cushion the highest rung is allowed; in between the allowed
 *     bitrate grows linearly with the buffer
 * @param safetyFactor the share of measured throughput a rung may use
 * @param lowBandwidthKbps the seed design's first threshold: below it, only the lowest rung
 * @param mediumBandwidthKbps the seed design's second threshold: below it, at most the middle rung
 * @param upSwitchHeartbeats how many heartbeats in a row must allow a higher rung before switching
 *     up (down-switches are immediate, since a stall hurts more than a blurry picture)
 */
public record AbrSettings(
    BitrateLadder ladder,
    Duration reservoir,
    Duration cushion,
    double safetyFactor,
    double lowBandwidthKbps,
    double mediumBandwidthKbps,
    int upSwitchHeartbeats)
    implements Serializable {}
