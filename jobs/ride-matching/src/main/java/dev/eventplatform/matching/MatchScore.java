package dev.eventplatform.matching;

import dev.eventplatform.geo.Haversine;
import dev.eventplatform.model.ride.RideRequest;

/**
 * How well a driver fits a request, from the seed design: {@code 1 / (1 + km) + 0.3 × rating}, plus
 * 0.2 when the driver's position is under 30 s old at the request's event time. The seed's bonus
 * for the right vehicle type is a filter here: a driver of another type is no candidate at all.
 */
public final class MatchScore {

  static final double RATING_WEIGHT = 0.3;
  static final double FRESH_POSITION_BONUS = 0.2;
  static final long FRESH_POSITION_MS = 30_000;
  static final double MAX_RATING = 5.0;

  private MatchScore() {}

  public static double of(double distanceKm, double rating, long positionAgeMs) {
    double score = 1 / (1 + distanceKm) + RATING_WEIGHT * rating;
    return positionAgeMs < FRESH_POSITION_MS ? score + FRESH_POSITION_BONUS : score;
  }

  /**
   * The best score any driver at least {@code distanceKm} away could reach; once it is below the
   * best found, nothing further away can win.
   */
  static double upperBound(double distanceKm) {
    return 1 / (1 + Math.max(0, distanceKm)) + RATING_WEIGHT * MAX_RATING + FRESH_POSITION_BONUS;
  }

  /** A driver that could take the request if free: near enough and of the requested type. */
  static boolean fits(DriverSnapshot driver, RideRequest request, double radiusKm) {
    return (request.vehicleType() == null || request.vehicleType().equals(driver.vehicleType()))
        && distanceKm(driver, request) <= radiusKm;
  }

  static double distanceKm(DriverSnapshot driver, RideRequest request) {
    return Haversine.distanceKm(
        request.pickupLat(), request.pickupLng(), driver.lat(), driver.lng());
  }

  static Candidate candidate(DriverSnapshot driver, RideRequest request) {
    double distance = distanceKm(driver, request);
    return new Candidate(
        driver, distance, of(distance, driver.rating(), request.ts() - driver.positionTs()));
  }

  /** A scored driver for one request. */
  record Candidate(DriverSnapshot driver, double distanceKm, double score) {

    /** Higher score first; on a tie the smaller driver id, so every run picks the same driver. */
    boolean beats(Candidate other) {
      if (other == null || score != other.score) {
        return other == null || score > other.score;
      }
      return driver.driverId().compareTo(other.driver.driverId()) < 0;
    }
  }
}
