package dev.eventplatform.pricing;

import static dev.eventplatform.pricing.Rides.CELL;
import static dev.eventplatform.pricing.Rides.LAT;
import static dev.eventplatform.pricing.Rides.LNG;
import static dev.eventplatform.pricing.Rides.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.geo.Haversine;
import dev.eventplatform.model.ride.RideQuote;
import dev.eventplatform.model.ride.RideRequest;
import org.junit.jupiter.api.Test;

class FaresTest {

  private final Fares fares = new Fares(2.50, 1.20);

  @Test
  void basePriceIsBaseFarePlusRatePerGreatCircleKilometreInCents() {
    RideRequest request = new RideRequest("r1", "rider", LAT, LNG, 47.3667, 8.5500, T0, null, null);
    double km = Haversine.distanceKm(LAT, LNG, 47.3667, 8.5500);

    RideQuote quote = fares.atBasePrice(request);

    assertThat(quote.basePrice()).isEqualTo(Math.round((2.50 + 1.20 * km) * 100) / 100.0);
    assertThat(quote.multiplier()).isEqualTo(1.0);
    assertThat(quote.price()).isEqualTo(quote.basePrice());
    assertThat(quote.cell()).isEqualTo(CELL);
    assertThat(quote.requestId()).isEqualTo("r1");
    assertThat(quote.riderId()).isEqualTo("rider");
    assertThat(quote.ts()).isEqualTo(T0);
  }

  @Test
  void rideThatGoesNowhereCostsTheBaseFare() {
    RideQuote quote =
        fares.atBasePrice(new RideRequest("r1", "rider", LAT, LNG, LAT, LNG, T0, null, null));

    assertThat(quote.basePrice()).isEqualTo(2.50);
  }

  @Test
  void priceIsRoundedHalfUpToCents() {
    RideQuote base = new RideQuote("r1", "rider", CELL, 4.45, 1.0, 4.45, T0);

    // 4.45 × 1.5 = 6.675 exactly; binary floating point would make it 6.67499...
    assertThat(Fares.withMultiplier(base, 1.5).price()).isEqualTo(6.68);
    assertThat(Fares.withMultiplier(base, 1.5).multiplier()).isEqualTo(1.5);
    assertThat(Fares.withMultiplier(base, 1.5).basePrice()).isEqualTo(4.45);
  }
}
