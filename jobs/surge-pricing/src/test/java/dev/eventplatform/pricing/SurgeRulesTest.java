package dev.eventplatform.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.eventplatform.model.ride.Weather;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurgeRulesTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

  @Test
  void demandFactorStepsAboveOnePointTwoAndOnePointFiveRequestsPerDriver() {
    assertThat(SurgeRules.demandFactor(12, 10)).isEqualTo(1.0);
    assertThat(SurgeRules.demandFactor(13, 10)).isEqualTo(1.2);
    assertThat(SurgeRules.demandFactor(15, 10)).isEqualTo(1.2);
    assertThat(SurgeRules.demandFactor(16, 10)).isEqualTo(1.5);
  }

  @Test
  void demandWithoutDriversIsMeasuredAgainstOneDriver() {
    assertThat(SurgeRules.demandFactor(1, 0)).isEqualTo(1.0);
    assertThat(SurgeRules.demandFactor(2, 0)).isEqualTo(1.5);
  }

  @Test
  void supplyFactorStepsBelowEightyAndFiftyPercentOfUsual() {
    assertThat(SurgeRules.supplyFactor(8, 10)).isEqualTo(1.0);
    assertThat(SurgeRules.supplyFactor(7, 10)).isEqualTo(1.1);
    assertThat(SurgeRules.supplyFactor(5, 10)).isEqualTo(1.1);
    assertThat(SurgeRules.supplyFactor(4, 10)).isEqualTo(1.3);
    assertThat(SurgeRules.supplyFactor(0, 10)).isEqualTo(1.3);
  }

  @Test
  void cellThatNeverHadDriversHasNoSupplyFactor() {
    assertThat(SurgeRules.supplyFactor(0, 0.0)).isEqualTo(1.0);
  }

  @Test
  void nightRunsFromTenPmToSixAmInTheGivenZone() {
    assertThat(SurgeRules.isNight(at("2026-01-01T21:59:59Z"), UTC)).isFalse();
    assertThat(SurgeRules.isNight(at("2026-01-01T22:00:00Z"), UTC)).isTrue();
    assertThat(SurgeRules.isNight(at("2026-01-02T05:59:59Z"), UTC)).isTrue();
    assertThat(SurgeRules.isNight(at("2026-01-02T06:00:00Z"), UTC)).isFalse();
    // 21:00 UTC is 22:00 in Zurich in winter.
    assertThat(SurgeRules.isNight(at("2026-01-01T21:00:00Z"), ZURICH)).isTrue();
  }

  @Test
  void rainAndSnowRaiseButClearDoesNot() {
    assertThat(SurgeRules.weatherFactor(Weather.RAIN)).isEqualTo(1.3);
    assertThat(SurgeRules.weatherFactor(Weather.SNOW)).isEqualTo(1.3);
    assertThat(SurgeRules.weatherFactor(Weather.CLEAR)).isEqualTo(1.0);
    assertThat(SurgeRules.weatherFactor(null)).isEqualTo(1.0);
  }

  @Test
  void concertsAndSportsRaiseOtherEventsDoNot() {
    assertThat(SurgeRules.eventFactor("concert")).isEqualTo(1.4);
    assertThat(SurgeRules.eventFactor("Sports")).isEqualTo(1.4);
    assertThat(SurgeRules.eventFactor("marathon")).isEqualTo(1.0);
  }

  @Test
  void trafficAboveSeventyPercentRaises() {
    assertThat(SurgeRules.trafficFactor(0.7)).isEqualTo(1.0);
    assertThat(SurgeRules.trafficFactor(0.71)).isEqualTo(1.2);
    assertThat(SurgeRules.trafficFactor(null)).isEqualTo(1.0);
  }

  @Test
  void factorsNameEveryRuleThatApplies() {
    AreaConditions conditions =
        new AreaConditions(Weather.RAIN, List.of("concert", "concert", "sports", "fair"), 0.9);

    Map<String, Double> factors = SurgeRules.factors(20, 10, 25.0, true, conditions);

    assertThat(factors)
        .containsExactly(
            entry("demand", 1.5),
            entry("supply", 1.3),
            entry("night", 1.2),
            entry("rain", 1.3),
            entry("concert", 1.96),
            entry("sports", 1.4),
            entry("traffic", 1.2));
  }

  @Test
  void factorsOfAnOrdinaryCellAreEmpty() {
    assertThat(SurgeRules.factors(5, 10, 10.0, false, AreaConditions.NONE)).isEmpty();
  }

  @Test
  void multiplierIsTheProductOfTheFactors() {
    assertThat(SurgeRules.multiplier(Map.of("demand", 1.5, "rain", 1.3), 1.0, 3.0, 5.0))
        .isEqualTo(1.95);
  }

  @Test
  void multiplierIsCapped() {
    Map<String, Double> factors = Map.of("demand", 1.5, "concert", 1.96, "rain", 1.3);
    assertThat(SurgeRules.multiplier(factors, 1.0, 3.0, 5.0)).isEqualTo(3.0);
    assertThat(SurgeRules.multiplier(factors, 1.0, 2.0, 5.0)).isEqualTo(2.0);
  }

  @Test
  void multiplierNeverGoesBelowOne() {
    assertThat(SurgeRules.multiplier(Map.of(), 1.0, 3.0, 0.5)).isEqualTo(1.0);
    assertThat(SurgeRules.multiplier(Map.of("discount", 0.5), 1.0, 3.0, 0.5)).isEqualTo(1.0);
  }

  @Test
  void multiplierMovesAtMostOneStepPerSlideUpAndDown() {
    Map<String, Double> highSurge = Map.of("demand", 1.5, "concert", 1.96, "rain", 1.3);
    assertThat(SurgeRules.multiplier(highSurge, 1.0, 3.0, 0.5)).isEqualTo(1.5);
    assertThat(SurgeRules.multiplier(highSurge, 2.8, 3.0, 0.5)).isEqualTo(3.0);
    assertThat(SurgeRules.multiplier(Map.of(), 3.0, 3.0, 0.5)).isEqualTo(2.5);
    assertThat(SurgeRules.multiplier(Map.of(), 1.2, 3.0, 0.5)).isEqualTo(1.0);
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
