package dev.eventplatform.pricing;

import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.Weather;
import java.util.List;
import org.apache.flink.util.function.FunctionWithException;

/**
 * The conditions over one cell, from the {@code pricing-context} records of the areas (geohash
 * prefixes) that cover it.
 *
 * <p>The longest covering prefix wins, field by field: the most specific area that says something
 * about the weather decides the weather, and so on for events and traffic. An area that leaves a
 * field out (unknown) defers to the wider areas, down to {@code ""}, everywhere. So a stadium area
 * announcing a concert does not hide the city-wide rain, and a district reporting {@code CLEAR}
 * does override it.
 *
 * @param weather {@code null} when no covering area knows
 * @param events never {@code null}
 * @param traffic {@code null} when no covering area knows
 */
public record AreaConditions(Weather weather, List<String> events, Double traffic) {

  public static final AreaConditions NONE = new AreaConditions(null, List.of(), null);

  /** Resolves a cell's conditions; {@code contextOfArea} gives an area's latest context or null. */
  public static AreaConditions of(
      String cell, FunctionWithException<String, PricingContext, Exception> contextOfArea)
      throws Exception {
    Weather weather = null;
    List<String> events = null;
    Double traffic = null;
    for (int length = cell.length(); length >= 0; length--) {
      PricingContext context = contextOfArea.apply(cell.substring(0, length));
      if (context != null) {
        weather = weather != null ? weather : context.weather();
        events = events != null ? events : context.events();
        traffic = traffic != null ? traffic : context.traffic();
      }
    }
    return new AreaConditions(weather, events == null ? List.of() : events, traffic);
  }
}
