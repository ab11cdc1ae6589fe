package dev.eventplatform.simulator;

import static dev.eventplatform.simulator.SimulationTest.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.geo.Haversine;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.Weather;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CityWorldTest {

  private static final double MAX_KMH = 50;

  @Test
  void everyEventIsValidAndInsideTheCity() {
    List<SimulatedEvent<?>> events = runCity(new CityWorld(1, 100, START, "t"), 100, START, 600);

    assertThat(events).hasSizeGreaterThan(50_000);
    for (SimulatedEvent<?> event : events) {
      assertThat(((ContractEvent) event.event()).violation()).as("%s", event.event()).isNull();
      if (event.event() instanceof DriverLocation ping) {
        assertThat(ping.lat()).isBetween(52.45, 52.58);
        assertThat(ping.lng()).isBetween(13.30, 13.50);
        assertThat(ping.speedMps()).isBetween(CityWorld.MIN_SPEED_MPS, CityWorld.MAX_SPEED_MPS);
      }
    }
  }

  @Test
  void driversMoveAtCitySpeedsAndPingEveryFewSeconds() {
    List<SimulatedEvent<?>> events = runCity(new CityWorld(2, 100, START, "t"), 100, START, 600);
    Map<String, DriverLocation> previous = new HashMap<>();
    int checked = 0;
    int moving = 0;
    long intervals = 0;
    for (SimulatedEvent<?> event : events) {
      if (event.event() instanceof DriverLocation ping) {
        DriverLocation before = previous.put(ping.driverId(), ping);
        if (before != null && ping.ts() > before.ts()) {
          double km = Haversine.distanceKm(before.lat(), before.lng(), ping.lat(), ping.lng());
          double hours = (ping.ts() - before.ts()) / 3_600_000.0;
          assertThat(km / hours)
              .as("speed of %s", ping.driverId())
              .isLessThanOrEqualTo(MAX_KMH * 1.001);
          intervals += ping.ts() - before.ts();
          moving += km > 0 ? 1 : 0;
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(10_000);
    assertThat(moving).isGreaterThan(checked * 9 / 10);
    assertThat(intervals / checked).isBetween(3_000L, 5_000L);
  }

  @Test
  void reportsRainOverPartOfTheCityAndAConcertInTheEvening() {
    // 19:00 to 20:00 in Berlin: the concert is on, and rain falls 15 minutes of every 40.
    long evening = START + 2 * 3_600_000L;
    List<SimulatedEvent<?>> events =
        runCity(new CityWorld(3, 20, evening, "t"), 20, evening, 3_600);
    List<PricingContext> contexts =
        events.stream()
            .map(SimulatedEvent::event)
            .filter(PricingContext.class::isInstance)
            .map(PricingContext.class::cast)
            .toList();

    assertThat(contexts)
        .anySatisfy(context -> assertThat(context.weather()).isEqualTo(Weather.RAIN));
    assertThat(contexts)
        .anySatisfy(context -> assertThat(context.events()).containsExactly("concert"));
    // Everywhere, the rainy district (precision 5) and the arena's cell (precision 6).
    assertThat(contexts).extracting(context -> context.area().length()).containsOnly(0, 5, 6);
  }

  @Test
  void matchedDriverTurnsBusyDrivesTheTripAndIsAvailableAgain() {
    CityWorld city = new CityWorld(4, 50, START, "t");
    List<SimulatedEvent<?>> events = new ArrayList<>(runCity(city, 50, START, 60));
    long now = START + 60_000;
    RideRequest request = city.openRequests().values().iterator().next();
    String driver =
        city.driverStates().entrySet().stream()
            .filter(entry -> entry.getValue() == DriverState.AVAILABLE)
            .findFirst()
            .orElseThrow()
            .getKey();

    city.onRideMatch(
        new RideMatch(request.requestId(), request.riderId(), driver, 1.0, 0.9, request.ts(), now),
        now);
    assertThat(city.driverStates().get(driver)).isEqualTo(DriverState.BUSY);
    // A second match for the same driver is declined: the driver is taken.
    city.onRideMatch(new RideMatch("req-other", "rider-x", driver, 1.0, 0.9, now, now), now);
    // Long enough for the longest trip across the city at the slowest speed.
    events.addAll(runCity(city, 50, now, 2 * 3_600));

    List<DriverStatus> statuses =
        events.stream()
            .map(SimulatedEvent::event)
            .filter(DriverStatus.class::isInstance)
            .map(DriverStatus.class::cast)
            .filter(status -> status.driverId().equals(driver) && status.ts() >= now)
            .toList();
    assertThat(statuses)
        .extracting(DriverStatus::status)
        .startsWith(DriverState.BUSY, DriverState.AVAILABLE);
    DriverStatus available = statuses.get(1);
    DriverLocation atDropoff =
        events.stream()
            .map(SimulatedEvent::event)
            .filter(DriverLocation.class::isInstance)
            .map(DriverLocation.class::cast)
            .filter(ping -> ping.driverId().equals(driver) && ping.ts() == available.ts())
            .findFirst()
            .orElseThrow();
    // The trip ended at the drop-off's nearest crossing, and the car moved on since by at most a
    // ping.
    assertThat(
            Haversine.distanceKm(
                atDropoff.lat(), atDropoff.lng(), request.dropoffLat(), request.dropoffLng()))
        .isLessThan(0.25 + 5 * CityWorld.MAX_SPEED_MPS / 1000);
    assertThat(city.matchesTaken()).isEqualTo(1);
    assertThat(city.matchesIgnored()).isEqualTo(1);
    assertThat(city.tripsCompleted()).isEqualTo(1);
  }

  @Test
  void requestsFollowTheTimeOfDay() {
    long night = SimulationTest.START + 11 * 3_600_000L; // 04:00 in Berlin
    long requestsAtRush = countRequests(new CityWorld(5, 100, START, "t"), START);
    long requestsAtNight = countRequests(new CityWorld(5, 100, night, "t"), night);

    assertThat(requestsAtRush).isGreaterThan(requestsAtNight * 4);
  }

  private static long countRequests(CityWorld city, long from) {
    return runCity(city, 100, from, 600).stream()
        .filter(event -> event.event() instanceof RideRequest)
        .count();
  }

  /** The city as the simulator runs it: ticks of 100 ms, paced at the rate it was sized for. */
  private static List<SimulatedEvent<?>> runCity(
      CityWorld city, double rate, long from, int seconds) {
    Pacer pacer = new Pacer(rate, from);
    List<SimulatedEvent<?>> events = new ArrayList<>();
    for (long t = from; t <= from + seconds * 1_000L; t += 100) {
      events.addAll(city.tick(t, pacer.eventsUntil(t)));
    }
    return events;
  }
}
