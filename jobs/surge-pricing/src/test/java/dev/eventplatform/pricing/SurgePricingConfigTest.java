package dev.eventplatform.pricing;

import static dev.eventplatform.pricing.Rides.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SurgePricingConfigTest {

  @Test
  void defaultsFollowTheIssue() {
    SurgePricingConfig config = config();

    assertThat(config.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.slide()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.usualSupplyPeriod()).isEqualTo(Duration.ofHours(1));
    assertThat(config.multiplierCap()).isEqualTo(3.0);
    assertThat(config.timeZoneOf("u0qj8t")).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void longestTimeZonePrefixWins() {
    SurgePricingConfig config =
        config(
            "--time-zone",
            "Europe/London",
            "--time-zone.u0",
            "Europe/Zurich",
            "--time-zone.u0m",
            "Europe/Paris");

    assertThat(config.timeZoneOf("u0qj8t")).isEqualTo(ZoneId.of("Europe/Zurich"));
    assertThat(config.timeZoneOf("u0m7ab")).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(config.timeZoneOf("9q8yyk")).isEqualTo(ZoneId.of("Europe/London"));
  }

  @Test
  void windowMustBeWholeSlides() {
    assertThatThrownBy(() -> config("--window.size", "100 s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window.size");
  }

  @Test
  void unknownTimeZoneIsRefusedWithItsKey() {
    assertThatThrownBy(() -> config("--time-zone.u0", "Mars/Olympus"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time-zone.u0");
  }
}
