package dev.eventplatform.model.video;

import dev.eventplatform.model.ContractEvent;

/**
 * Quality of experience of one title on one device class over one window, on {@code qoe-metrics},
 * keyed by {@code contentId}.
 */
public record QoeMetrics(
    String contentId,
    String device,
    long windowEnd,
    long sessions,
    double startupMsP50,
    double startupMsP95,
    double rebufferRatio,
    double avgBitrateKbps,
    long bitrateSwitches,
    long ts)
    implements ContractEvent {}
