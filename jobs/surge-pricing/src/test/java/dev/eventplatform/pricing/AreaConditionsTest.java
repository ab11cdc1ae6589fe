package dev.eventplatform.pricing;

import static dev.eventplatform.pricing.Rides.T0;
import static dev.eventplatform.pricing.Rides.context;
import static dev.eventplatform.pricing.Rides.weather;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.Weather;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AreaConditionsTest {

  private final Map<String, PricingContext> contexts = new HashMap<>();

  @Test
  void emptyAreaCoversEveryCell() throws Exception {
    contexts.put("", weather("", Weather.RAIN, T0));

    assertThat(of("u0qj8t").weather()).isEqualTo(Weather.RAIN);
    assertThat(of("9q8yyk").weather()).isEqualTo(Weather.RAIN);
  }

  @Test
  void longestCoveringPrefixWins() throws Exception {
    contexts.put("", weather("", Weather.RAIN, T0));
    contexts.put("u0", weather("u0", Weather.SNOW, T0));
    contexts.put("u0qj", weather("u0qj", Weather.CLEAR, T0));

    assertThat(of("u0qj8t").weather()).isEqualTo(Weather.CLEAR);
    assertThat(of("u0m7ab").weather()).isEqualTo(Weather.SNOW);
    assertThat(of("9q8yyk").weather()).isEqualTo(Weather.RAIN);
  }

  @Test
  void aFieldAnAreaLeavesOutComesFromAWiderArea() throws Exception {
    contexts.put("", context("", Weather.RAIN, null, 0.9, T0));
    contexts.put("u0qj", context("u0qj", null, List.of("concert"), null, T0));

    AreaConditions conditions = of("u0qj8t");

    assertThat(conditions.weather()).isEqualTo(Weather.RAIN);
    assertThat(conditions.events()).containsExactly("concert");
    assertThat(conditions.traffic()).isEqualTo(0.9);
  }

  @Test
  void anEmptyEventListOverridesTheWiderAreasEvents() throws Exception {
    contexts.put("", context("", null, List.of("concert"), null, T0));
    contexts.put("u0qj", context("u0qj", null, List.of(), null, T0));

    assertThat(of("u0qj8t").events()).isEmpty();
    assertThat(of("u0m7ab").events()).containsExactly("concert");
  }

  @Test
  void noContextMeansNoConditions() throws Exception {
    assertThat(of("u0qj8t")).isEqualTo(AreaConditions.NONE);
  }

  private AreaConditions of(String cell) throws Exception {
    return AreaConditions.of(cell, contexts::get);
  }
}
