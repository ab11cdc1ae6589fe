package dev.eventplatform.pricing;

import dev.eventplatform.model.ride.RideQuote;

/**
 * What {@link CellSurge} reads, keyed by pricing cell: either a ride request (as its quote at base
 * price, to be counted as demand and priced) or a change of the cell's available drivers by +1 or
 * −1 (from {@link DriverAvailability}).
 *
 * @param cell geohash precision 6
 * @param ts event time of the request or of the change
 * @param supplyChange +1, −1, or 0 for a request
 * @param quote the request's quote at base price, {@code null} for a supply change
 */
public record CellEvent(String cell, long ts, int supplyChange, RideQuote quote) {

  public static CellEvent request(RideQuote quote) {
    return new CellEvent(quote.cell(), quote.ts(), 0, quote);
  }

  public static CellEvent supplyChange(String cell, int change, long ts) {
    return new CellEvent(cell, ts, change, null);
  }

  public boolean isRequest() {
    return quote != null;
  }
}
