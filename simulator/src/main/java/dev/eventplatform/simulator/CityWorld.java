package dev.eventplatform.simulator;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.Weather;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A city (Berlin's centre, on a street grid) with drivers and riders, for the ride-hailing topics.
 *
 * <ul>
 *   <li>Drivers drive along the streets at 20–50 km/h and ping about every 4 s while on shift;
 *       shifts last 20–60 simulated minutes with 5–15 minute breaks (OFFLINE), each change on
 *       {@code driver-status} with the driver's vehicle type and rating.
 *   <li>Riders request rides at a rate that follows the time of day (rush hours, quiet nights),
 *       half of them around hotspots (stations, squares, the arena during a concert).
 *   <li>{@code pricing-context} every 30 s: traffic city-wide, rain over one part of the city for
 *       15 minutes of every 40, and a concert at the arena in the evening.
 *   <li>The loop is closed by {@link #onRideMatch}: the matched driver turns BUSY, drives to the
 *       pickup and on to the drop-off, and turns AVAILABLE again when the rider gets out.
 * </ul>
 */
public final class CityWorld implements SimulatedWorld {

  static final double MIN_SPEED_MPS = 20 / 3.6;
  static final double MAX_SPEED_MPS = 50 / 3.6;
  private static final ZoneId CITY_ZONE = ZoneId.of("Europe/Berlin");
  private static final double CENTRE_LAT = 52.515;
  private static final double CENTRE_LNG = 13.40;
  private static final long PRICING_EVERY_MS = 30_000;
  private static final long OPEN_REQUEST_KEPT_MS = 10 * 60_000;
  private static final double PING_SHARE = 0.85;

  /**
   * How busy the drivers on shift are at the day's mean demand: most riders get a car, while rush
   * hours (demand up to 1.8 times the mean) run short around the hotspots, which is when surge and
   * TIMEOUTs happen.
   */
  private static final double BUSY_SHARE = 0.6;

  /** A trip's mean length: a drive to a pickup nearby and a ride of a few km at city speed. */
  private static final double MEAN_TRIP_SECONDS = 12 * 60;

  private static final double MEAN_PING_MS = 4_000;
  private static final double ON_SHIFT_SHARE = 0.8;

  /** Places riders gather around: name, lat, lng. */
  private static final Object[][] HOTSPOTS = {
    {"Hauptbahnhof", 52.5251, 13.3694},
    {"Alexanderplatz", 52.5219, 13.4132},
    {"Potsdamer Platz", 52.5096, 13.3759},
    {"Warschauer Strasse", 52.5058, 13.4490},
    {"Kottbusser Tor", 52.4990, 13.4181},
  };

  private static final double ARENA_LAT = 52.5053;
  private static final double ARENA_LNG = 13.4432;
  private static final String ARENA_CELL =
      Geohash.encode(ARENA_LAT, ARENA_LNG, Geohash.PRICING_PRECISION);
  private static final String RAIN_AREA = Geohash.encode(52.53, 13.33, 5);

  private final Random random;
  private final StreetGrid grid = new StreetGrid(CENTRE_LAT, CENTRE_LNG, 48);
  private final Agenda agenda = new Agenda();
  private final Map<String, Driver> drivers = new LinkedHashMap<>();

  /** On-shift drivers, the one who pinged longest ago first. */
  private final Deque<Driver> pingOrder = new ArrayDeque<>();

  private final LinkedHashMap<String, RideRequest> openRequests = new LinkedHashMap<>();
  private final int riders;
  private final double requestsPerSecond;
  private final String runTag;
  private final long rainPhaseMs;
  private long requestCounter;
  private long nextRequestAt;
  private long matchesTaken;
  private long matchesIgnored;
  private long tripsCompleted;

  /**
   * @param eventsPerSecond this world's share of the rate; the number of drivers follows from it
   * @param runTag part of every request id, so two runs never reuse one
   */
  public CityWorld(long seed, double eventsPerSecond, long start, String runTag) {
    this.random = new Random(seed);
    this.runTag = runTag;
    int onShift = Math.max(8, (int) Math.round(eventsPerSecond * PING_SHARE * MEAN_PING_MS / 1000));
    int driverCount = (int) Math.ceil(onShift / ON_SHIFT_SHARE);
    this.riders = driverCount * 10;
    // Demand follows the fleet, not the event rate: at a fixed share of the rate, riders would
    // outnumber what the drivers can carry many times over and nearly every request would time out.
    this.requestsPerSecond = Math.max(0.01, onShift * BUSY_SHARE / MEAN_TRIP_SECONDS);
    this.rainPhaseMs = (long) (random.nextDouble() * 40 * 60_000);
    for (int i = 1; i <= driverCount; i++) {
      Driver driver = new Driver(String.format("drv-%04d", i));
      drivers.put(driver.id, driver);
      if (random.nextDouble() < ON_SHIFT_SHARE) {
        agenda.at(start, (now, out) -> startShift(driver, now, out));
      } else {
        agenda.at(start + minutes(5, 15), (now, out) -> startShift(driver, now, out));
      }
    }
    agenda.at(start, this::publishPricingContext);
    agenda.at(start, this::requestRide);
  }

  @Override
  public List<SimulatedEvent<?>> tick(long now, int budget) {
    List<SimulatedEvent<?>> out = new ArrayList<>(budget);
    agenda.run(now, budget, this::pingNext, out);
    return out;
  }

  /**
   * A match from {@code ride-matches}: the driver takes the trip if they are still free. The
   * matching job may hand out a driver this world already gave away or sent home (it sees the
   * statuses a moment late); such matches are counted and ignored, as a driver's app would decline.
   */
  public void onRideMatch(RideMatch match, long now) {
    RideRequest request = openRequests.remove(match.requestId());
    Driver driver = drivers.get(match.driverId());
    if (request == null || driver == null || driver.state != DriverState.AVAILABLE) {
      matchesIgnored++;
      return;
    }
    matchesTaken++;
    driver.moveTo(now);
    driver.startTrip(request);
    agenda.at(now, (at, out) -> out.add(driver.status(at)));
  }

  public long matchesTaken() {
    return matchesTaken;
  }

  public long matchesIgnored() {
    return matchesIgnored;
  }

  public long tripsCompleted() {
    return tripsCompleted;
  }

  /** The drivers' current state, for tests. */
  Map<String, DriverState> driverStates() {
    Map<String, DriverState> states = new LinkedHashMap<>();
    drivers.forEach((id, driver) -> states.put(id, driver.state));
    return states;
  }

  /** Requests that wait for a match, by request id, for tests. */
  Map<String, RideRequest> openRequests() {
    return openRequests;
  }

  private void startShift(Driver driver, long now, List<SimulatedEvent<?>> out) {
    driver.lastMoved = now;
    driver.state = DriverState.AVAILABLE;
    out.add(driver.status(now));
    if (!driver.inPingOrder) {
      driver.inPingOrder = true;
      pingOrder.addLast(driver);
    }
    agenda.at(now + minutes(20, 60), (at, o) -> endShift(driver, at, o));
  }

  private void endShift(Driver driver, long now, List<SimulatedEvent<?>> out) {
    if (driver.state == DriverState.BUSY) {
      // Nobody leaves a rider in the car: try again after the trip.
      agenda.at(now + 60_000, (at, o) -> endShift(driver, at, o));
      return;
    }
    driver.moveTo(now);
    driver.state = DriverState.OFFLINE;
    out.add(driver.status(now));
    agenda.at(now + minutes(5, 15), (at, o) -> startShift(driver, at, o));
  }

  /** The next on-shift driver's ping; drivers who went off shift leave the round here. */
  private boolean pingNext(long now, List<SimulatedEvent<?>> out) {
    Driver driver = pingOrder.pollFirst();
    if (driver == null) {
      return false;
    }
    if (driver.state == DriverState.OFFLINE) {
      driver.inPingOrder = false;
      return true;
    }
    boolean tripEnded = driver.moveTo(now);
    out.add(
        new SimulatedEvent<>(
            Topics.DRIVER_LOCATIONS,
            new DriverLocation(
                driver.id,
                grid.lat(driver.y),
                grid.lng(driver.x),
                now,
                3 + random.nextDouble() * 12,
                driver.speedMps,
                driver.bearingDeg)));
    if (tripEnded) {
      tripsCompleted++;
      driver.state = DriverState.AVAILABLE;
      out.add(driver.status(now));
    }
    pingOrder.addLast(driver);
    return true;
  }

  private void requestRide(long now, List<SimulatedEvent<?>> out) {
    forgetOldRequests(now);
    double[] pickup = riderSpot(now);
    double[] dropoff;
    do {
      dropoff = random.nextDouble() < 0.4 ? riderSpot(now) : uniformSpot();
    } while (Math.hypot(
            grid.x(dropoff[1]) - grid.x(pickup[1]), grid.y(dropoff[0]) - grid.y(pickup[0]))
        < 1_000);
    double vehicle = random.nextDouble();
    RideRequest request =
        new RideRequest(
            "req-" + runTag + "-" + (++requestCounter),
            String.format("rider-%05d", 1 + random.nextInt(riders)),
            pickup[0],
            pickup[1],
            dropoff[0],
            dropoff[1],
            now,
            vehicle < 0.75 ? null : vehicle < 0.9 ? "ECONOMY" : vehicle < 0.97 ? "XL" : "PREMIUM",
            random.nextDouble() < 0.7 ? null : 60_000L);
    openRequests.put(request.requestId(), request);
    out.add(new SimulatedEvent<>(Topics.RIDE_REQUESTS, request));
    // Poisson arrivals, timed from the previous arrival rather than from the tick, so that
    // several requests can fall into one tick at rush hour.
    double perSecond = requestsPerSecond * demandAt(now);
    nextRequestAt =
        Math.max(nextRequestAt, now - 1_000)
            + (long) (-Math.log(1 - random.nextDouble()) / perSecond * 1000);
    agenda.at(nextRequestAt, this::requestRide);
  }

  private void publishPricingContext(long now, List<SimulatedEvent<?>> out) {
    int hour = hourOf(now);
    double traffic = Math.min(1.0, 0.15 + 0.5 * demandAt(now) / 1.8 + random.nextDouble() * 0.1);
    out.add(
        new SimulatedEvent<>(
            Topics.PRICING_CONTEXT,
            new PricingContext("", now, Weather.CLEAR, List.of(), traffic)));
    boolean raining = Math.floorMod(now + rainPhaseMs, 40 * 60_000L) < 15 * 60_000L;
    out.add(
        new SimulatedEvent<>(
            Topics.PRICING_CONTEXT,
            new PricingContext(
                RAIN_AREA, now, raining ? Weather.RAIN : Weather.CLEAR, null, null)));
    out.add(
        new SimulatedEvent<>(
            Topics.PRICING_CONTEXT,
            new PricingContext(
                ARENA_CELL, now, null, concertOn(hour) ? List.of("concert") : List.of(), null)));
    agenda.at(now + PRICING_EVERY_MS, this::publishPricingContext);
  }

  /** Demand relative to the daily mean: quiet nights, morning and evening rush, busy evenings. */
  static double demandFactor(int hour) {
    return switch (hour) {
      case 0, 1 -> 0.6;
      case 2, 3, 4, 5 -> 0.25;
      case 6 -> 0.7;
      case 7, 8, 9 -> 1.7;
      case 10, 11, 12, 13, 14, 15, 16 -> 1.0;
      case 17, 18, 19 -> 1.8;
      case 20, 21, 22 -> 1.3;
      default -> 1.0;
    };
  }

  private double demandAt(long now) {
    return demandFactor(hourOf(now));
  }

  private static boolean concertOn(int hour) {
    return hour >= 19 && hour <= 23;
  }

  private static int hourOf(long now) {
    return Instant.ofEpochMilli(now).atZone(CITY_ZONE).getHour();
  }

  /** Where riders are: half around a hotspot (the arena weighs heavily during a concert). */
  private double[] riderSpot(long now) {
    if (random.nextDouble() >= 0.5) {
      return uniformSpot();
    }
    double lat;
    double lng;
    if (concertOn(hourOf(now)) && random.nextDouble() < 0.5) {
      lat = ARENA_LAT;
      lng = ARENA_LNG;
    } else {
      Object[] hotspot = HOTSPOTS[random.nextInt(HOTSPOTS.length)];
      lat = (double) hotspot[1];
      lng = (double) hotspot[2];
    }
    double x = clampToCity(grid.x(lng) + random.nextGaussian() * 400);
    double y = clampToCity(grid.y(lat) + random.nextGaussian() * 400);
    return new double[] {grid.lat(y), grid.lng(x)};
  }

  private double[] uniformSpot() {
    return new double[] {
      grid.lat(random.nextDouble() * grid.sizeM()), grid.lng(random.nextDouble() * grid.sizeM())
    };
  }

  private double clampToCity(double metres) {
    return Math.max(0, Math.min(grid.sizeM(), metres));
  }

  private void forgetOldRequests(long now) {
    Iterator<RideRequest> oldest = openRequests.values().iterator();
    while (oldest.hasNext() && oldest.next().ts() < now - OPEN_REQUEST_KEPT_MS) {
      oldest.remove();
    }
  }

  private long minutes(int min, int max) {
    return (long) ((min + random.nextDouble() * (max - min)) * 60_000);
  }

  /** A driver and the car: where it is, where it is going, how fast. */
  private final class Driver {
    final String id;
    final String vehicleType;
    final double rating;
    DriverState state = DriverState.OFFLINE;
    boolean inPingOrder;
    double x;
    double y;
    double speedMps;
    double bearingDeg;
    long lastMoved;
    final Deque<double[]> route = new ArrayDeque<>();
    RideRequest trip;
    boolean pickedUp;

    Driver(String id) {
      this.id = id;
      double vehicle = random.nextDouble();
      this.vehicleType = vehicle < 0.7 ? "ECONOMY" : vehicle < 0.9 ? "XL" : "PREMIUM";
      this.rating = Math.round((3.8 + random.nextDouble() * 1.2) * 100) / 100.0;
      this.x = random.nextInt(grid.blocks() + 1) * StreetGrid.BLOCK_M;
      this.y = random.nextInt(grid.blocks() + 1) * StreetGrid.BLOCK_M;
      this.speedMps = legSpeed();
    }

    SimulatedEvent<DriverStatus> status(long now) {
      return new SimulatedEvent<>(
          Topics.DRIVER_STATUS, new DriverStatus(id, state, vehicleType, rating, now));
    }

    void startTrip(RideRequest request) {
      state = DriverState.BUSY;
      trip = request;
      pickedUp = false;
      routeTo(grid.x(request.pickupLng()), grid.y(request.pickupLat()));
    }

    /**
     * Drives along the route until {@code now}, one street segment after another, each at its own
     * speed; without a trip it cruises from crossing to crossing at random.
     *
     * @return true when a trip ended on the way
     */
    boolean moveTo(long now) {
      double seconds = Math.max(0, (now - lastMoved) / 1000.0);
      lastMoved = Math.max(lastMoved, now);
      boolean tripEnded = false;
      while (seconds > 1e-9) {
        if (route.isEmpty()) {
          if (trip != null && !pickedUp) {
            pickedUp = true;
            routeTo(grid.x(trip.dropoffLng()), grid.y(trip.dropoffLat()));
            continue;
          }
          if (trip != null) {
            trip = null;
            tripEnded = true;
          }
          cruise();
        }
        double[] next = route.peekFirst();
        double distance = Math.abs(next[0] - x) + Math.abs(next[1] - y);
        double reach = speedMps * seconds;
        if (reach >= distance) {
          x = next[0];
          y = next[1];
          seconds -= distance / speedMps;
          route.removeFirst();
          speedMps = legSpeed();
        } else {
          double fraction = reach / distance;
          x += (next[0] - x) * fraction;
          y += (next[1] - y) * fraction;
          seconds = 0;
        }
      }
      double[] heading = route.peekFirst();
      if (heading != null && (heading[0] != x || heading[1] != y)) {
        bearingDeg = (Math.toDegrees(Math.atan2(heading[0] - x, heading[1] - y)) + 360) % 360;
      }
      return tripEnded;
    }

    /** Along the streets: first east or west to the target's street, then north or south. */
    private void routeTo(double targetX, double targetY) {
      route.clear();
      double streetX = grid.nearestStreet(targetX) * StreetGrid.BLOCK_M;
      double streetY = grid.nearestStreet(targetY) * StreetGrid.BLOCK_M;
      // Get onto a crossing first: the car may be mid-block.
      double crossingX = grid.nearestStreet(x) * StreetGrid.BLOCK_M;
      double crossingY = grid.nearestStreet(y) * StreetGrid.BLOCK_M;
      if (onStreetRunningNorth()) {
        route.add(new double[] {x, crossingY});
        route.add(new double[] {streetX, crossingY});
      } else {
        route.add(new double[] {crossingX, y});
        route.add(new double[] {crossingX, crossingY});
        route.add(new double[] {streetX, crossingY});
      }
      route.add(new double[] {streetX, streetY});
    }

    /** To a neighbouring crossing, straight on more often than turning. */
    private void cruise() {
      double crossingX = grid.nearestStreet(x) * StreetGrid.BLOCK_M;
      double crossingY = grid.nearestStreet(y) * StreetGrid.BLOCK_M;
      if (crossingX != x && crossingY != y) {
        route.add(new double[] {crossingX, y});
        return;
      }
      double[][] directions = {{0, 1}, {1, 0}, {0, -1}, {-1, 0}};
      double[] direction = directions[random.nextInt(4)];
      int steps = 1 + random.nextInt(4);
      double targetX =
          Math.max(
              0, Math.min(grid.sizeM(), crossingX + direction[0] * steps * StreetGrid.BLOCK_M));
      double targetY =
          Math.max(
              0, Math.min(grid.sizeM(), crossingY + direction[1] * steps * StreetGrid.BLOCK_M));
      if (targetX == x && targetY == y) {
        targetX = grid.sizeM() / 2;
        route.add(new double[] {targetX, y});
        return;
      }
      route.add(new double[] {targetX, targetY});
    }

    private boolean onStreetRunningNorth() {
      return Math.abs(x - grid.nearestStreet(x) * StreetGrid.BLOCK_M) < 1e-6;
    }

    private double legSpeed() {
      return MIN_SPEED_MPS + random.nextDouble() * (MAX_SPEED_MPS - MIN_SPEED_MPS);
    }
  }
}
