package dev.eventplatform.pricing;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.geo.Haversine;
import dev.eventplatform.model.ride.RideQuote;
import dev.eventplatform.model.ride.RideRequest;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The fare table: a request's base price is {@code baseFare + perKmRate × km}, km being the
 * great-circle distance from pickup to drop-off; its price is the base price times the surge
 * multiplier. Both are rounded half-up to cents in decimal arithmetic, so a price never shows a
 * binary-floating-point artefact such as 7.449999.
 */
public record Fares(double baseFare, double perKmRate) implements Serializable {

  /** The quote of a request before surge: multiplier 1.0, in its pickup cell. */
  public RideQuote atBasePrice(RideRequest request) {
    double km =
        Haversine.distanceKm(
            request.pickupLat(), request.pickupLng(), request.dropoffLat(), request.dropoffLng());
    double basePrice =
        cents(
            BigDecimal.valueOf(baseFare)
                .add(BigDecimal.valueOf(perKmRate).multiply(BigDecimal.valueOf(km))));
    String cell =
        Geohash.encode(request.pickupLat(), request.pickupLng(), Geohash.PRICING_PRECISION);
    return new RideQuote(
        request.requestId(), request.riderId(), cell, basePrice, 1.0, basePrice, request.ts());
  }

  /** The same quote at a multiplier. */
  public static RideQuote withMultiplier(RideQuote quote, double multiplier) {
    double price =
        cents(BigDecimal.valueOf(quote.basePrice()).multiply(BigDecimal.valueOf(multiplier)));
    return new RideQuote(
        quote.requestId(),
        quote.riderId(),
        quote.cell(),
        quote.basePrice(),
        multiplier,
        price,
        quote.ts());
  }

  private static double cents(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).doubleValue();
  }
}
