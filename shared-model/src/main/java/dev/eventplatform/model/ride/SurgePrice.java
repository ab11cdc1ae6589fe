package dev.eventplatform.model.ride;

import dev.eventplatform.model.ContractEvent;
import java.util.Map;

/**
 * The surge multiplier of one cell for one window slide, on {@code surge-prices}, keyed by {@code
 * cell}.
 *
 * @param cell geohash precision 6
 * @param factors every multiplier applied, by name (e.g. {@code demand}, {@code rain})
 */
public record SurgePrice(
    String cell,
    double multiplier,
    long demand,
    long supply,
    Map<String, Double> factors,
    long windowEnd,
    long ts)
    implements ContractEvent {}
