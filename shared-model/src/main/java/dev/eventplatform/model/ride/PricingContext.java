package dev.eventplatform.model.ride;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;
import java.util.List;

/**
 * Conditions over an area that move prices, from {@code pricing-context}, keyed by {@code area}.
 *
 * @param area a geohash prefix; {@code ""} means everywhere
 * @param weather absent when unknown
 * @param events named events going on in the area, e.g. {@code concert}, {@code sports}
 * @param traffic congestion from 0.0 (free) to 1.0 (standstill); absent when unknown
 */
public record PricingContext(
    @JsonProperty(required = true) String area,
    @JsonProperty(required = true) long ts,
    Weather weather,
    List<String> events,
    Double traffic)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notNull("area", area)
        .rule(
            area == null || area.matches("[0-9b-hjkmnp-z]{0,12}"),
            "field 'area' is not a geohash prefix")
        .positiveTime("ts", ts)
        .noBlankElements("events", events)
        .betweenIfPresent("traffic", traffic, 0.0, 1.0)
        .result();
  }
}
