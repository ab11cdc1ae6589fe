package dev.eventplatform.matching;

import static dev.eventplatform.matching.Rides.LAT;
import static dev.eventplatform.matching.Rides.LNG;
import static dev.eventplatform.matching.Rides.ONE_SECOND;
import static dev.eventplatform.matching.Rides.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.geo.Haversine;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.RideUnmatched;
import dev.eventplatform.model.ride.UnmatchedReason;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real job, as {@code main} wires it, at parallelism 2 between a real Kafka broker and a
 * MiniCluster with RocksDB, with its verdicts looping back through Kafka.
 */
class RideMatchingJobIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final double RADIUS_KM = 5.0;
  private static final List<String> VEHICLES =
      List.of("ECONOMY", "ECONOMY", "ECONOMY", "XL", "PREMIUM");

  /** A place with no drivers within 100 km, for riders nobody can serve. */
  private static final double NOWHERE_LAT = 46.5;

  @Test
  void aRiderAtTheEdgeOfAnAreaGetsTheNearestDriverAcrossTheBorder(
      @InjectClusterClient ClusterClient<?> client) throws Exception {
    Map<String, String> topics = createTopics("border");
    double border = AreaBorders.eastBorderLng(LAT, LNG, 4);
    double riderLng = border - 0.0005; // about 40 m inside the rider's area
    double acrossLng = border + 0.0015; // about 110 m away, in the next area
    double decoyLng = border - 0.02; // about 1.5 km away, in the rider's own area
    assertThat(Geohash.encode(LAT, acrossLng, 4)).isNotEqualTo(Geohash.encode(LAT, riderLng, 4));
    assertThat(Geohash.encode(LAT, decoyLng, 4)).isEqualTo(Geohash.encode(LAT, riderLng, 4));

    String groupId = "ride-matching-" + topics.get(Topics.RIDE_REQUESTS.id());
    try (RunningJob job = RunningJob.start(client, jobArgs(topics, groupId))) {
      send(
          Topics.DRIVER_STATUS,
          topics,
          List.of(
              new DriverStatus("across", DriverState.AVAILABLE, "ECONOMY", 4.5, T0),
              new DriverStatus("decoy", DriverState.AVAILABLE, "ECONOMY", 4.5, T0)));
      send(
          Topics.DRIVER_POSITIONS,
          topics,
          List.of(
              Rides.position("across", LAT, acrossLng, T0),
              Rides.position("decoy", LAT, decoyLng, T0)));
      // Both drivers must be known before the rider asks, or the first to arrive would take it.
      awaitConsumed(
          groupId, topics.get(Topics.DRIVER_STATUS.id()), topics.get(Topics.DRIVER_POSITIONS.id()));
      send(
          Topics.RIDE_REQUESTS,
          topics,
          List.of(Rides.request("at-the-edge", LAT, riderLng, T0 + ONE_SECOND)));

      Outcomes outcomes = readOutcomes(topics, Set.of("at-the-edge"));

      assertThat(job.failure()).isNull();
      assertThat(outcomes.unmatched).isEmpty();
      assertThat(outcomes.matches)
          .isNotEmpty()
          .allSatisfy(
              match -> {
                assertThat(match.driverId()).isEqualTo("across");
                assertThat(match.pickupDistanceKm()).isBetween(0.1, 0.2);
              });
    }
  }

  @Test
  void noDriverIsMatchedTwiceAndEveryRequestEndsOnce(@InjectClusterClient ClusterClient<?> client)
      throws Exception {
    Map<String, String> topics = createTopics("invariants");
    Random random = new Random(42);
    // A 24 x 24 km square around the point where four precision-4 areas meet.
    double cornerLat = AreaBorders.northBorderLat(LAT, LNG, 4);
    double cornerLng = AreaBorders.eastBorderLng(LAT, LNG, 4);

    Map<String, String> vehicleOf = new HashMap<>();
    List<DriverStatus> statuses = new ArrayList<>();
    List<DriverPosition> positions = new ArrayList<>();
    for (int d = 0; d < 2_000; d++) {
      String driverId = "driver-" + d;
      String vehicle = VEHICLES.get(random.nextInt(VEHICLES.size()));
      double rating = 3.5 + random.nextInt(16) / 10.0;
      vehicleOf.put(driverId, vehicle);
      statuses.addAll(statusChanges(driverId, vehicle, rating, random));
      positions.addAll(drive(driverId, cornerLat, cornerLng, random));
    }

    List<RideRequest> requests = new ArrayList<>();
    List<String> nowhere = new ArrayList<>();
    // Riders crowd the middle 12 x 12 km, so drivers are scarce there and get matched again.
    for (int r = 0; r < 2_000; r++) {
      String requestId = "request-" + r;
      long ts = T0 + random.nextInt(60_000);
      boolean lost = random.nextDouble() < 0.05;
      double lat = lost ? NOWHERE_LAT : cornerLat + kmToLat(random.nextDouble() * 12 - 6);
      double lng = cornerLng + kmToLng(random.nextDouble() * 12 - 6);
      String vehicle = random.nextBoolean() ? null : VEHICLES.get(random.nextInt(VEHICLES.size()));
      Long maxWait = random.nextDouble() < 0.2 ? 5_000L : null;
      RideRequest request =
          new RideRequest(requestId, "rider-" + r, lat, lng, lat, lng, ts, vehicle, maxWait);
      requests.add(request);
      if (random.nextDouble() < 0.05) {
        requests.add(request); // a repeat, as an at-least-once producer would send
      }
      if (lost) {
        nowhere.add(requestId);
      }
    }
    Map<String, RideRequest> byId = new LinkedHashMap<>();
    requests.forEach(request -> byId.put(request.requestId(), request));

    // Records far in event time and far away, so that event time passes every request's deadline.
    long later = T0 + Duration.ofHours(1).toMillis();
    statuses.add(new DriverStatus("clock", DriverState.OFFLINE, "ECONOMY", 1.0, later));
    positions.add(Rides.position("clock", -45.0, -120.0, later));
    requests.add(Rides.request("clock", -45.0, -120.0, later));

    String groupId = "ride-matching-" + topics.get(Topics.RIDE_REQUESTS.id());
    try (RunningJob job = RunningJob.start(client, jobArgs(topics, groupId))) {
      // In slices of 20 s of event time, each consumed before the next: the job sees events
      // roughly in the order they happen, as it would live, so drivers come back AVAILABLE
      // after their matches rather than all before them.
      List<Long> sliceStarts = new ArrayList<>();
      for (long from = T0 - 20_000; from < T0 + 80_000; from += 20_000) {
        sliceStarts.add(from);
      }
      sliceStarts.add(later); // the clock records, last
      for (long from : sliceStarts) {
        long to = from + 20_000;
        send(Topics.DRIVER_STATUS, topics, slice(statuses, DriverStatus::ts, from, to));
        send(Topics.DRIVER_POSITIONS, topics, slice(positions, DriverPosition::ts, from, to));
        send(Topics.RIDE_REQUESTS, topics, slice(requests, RideRequest::ts, from, to));
        awaitConsumed(
            groupId,
            topics.get(Topics.DRIVER_STATUS.id()),
            topics.get(Topics.DRIVER_POSITIONS.id()),
            topics.get(Topics.RIDE_REQUESTS.id()));
      }

      Outcomes outcomes = readOutcomes(topics, byId.keySet());
      assertThat(job.failure()).isNull();
      // Every request ends exactly once (a repeat of the same outcome is the at-least-once kind).
      assertThat(outcomes.settledRequests()).containsExactlyInAnyOrderElementsOf(byId.keySet());
      Map<String, Set<String>> driversOf =
          outcomes.matches.stream()
              .collect(
                  Collectors.groupingBy(
                      RideMatch::requestId,
                      Collectors.mapping(RideMatch::driverId, Collectors.toSet())));
      assertThat(driversOf).allSatisfy((request, drivers) -> assertThat(drivers).hasSize(1));
      Set<String> unmatched =
          outcomes.unmatched.stream().map(RideUnmatched::requestId).collect(Collectors.toSet());
      assertThat(unmatched).doesNotContainAnyElementsOf(driversOf.keySet());
      assertThat(
              outcomes.unmatched.stream()
                  .collect(Collectors.groupingBy(RideUnmatched::requestId, Collectors.toSet())))
          .allSatisfy((request, ends) -> assertThat(ends).hasSize(1));

      // Every match is within the radius of a position the driver really had, and fits the type.
      Map<String, List<DriverPosition>> positionsOf =
          positions.stream().collect(Collectors.groupingBy(DriverPosition::driverId));
      assertThat(outcomes.matches)
          .allSatisfy(
              match -> {
                RideRequest request = byId.get(match.requestId());
                assertThat(match.pickupDistanceKm()).isLessThanOrEqualTo(RADIUS_KM);
                assertThat(positionsOf.get(match.driverId()))
                    .anySatisfy(
                        p ->
                            assertThat(
                                    Haversine.distanceKm(
                                        request.pickupLat(), request.pickupLng(), p.lat(), p.lng()))
                                .isCloseTo(match.pickupDistanceKm(), within(1e-9)));
                if (request.vehicleType() != null) {
                  assertThat(vehicleOf.get(match.driverId())).isEqualTo(request.vehicleType());
                }
              });

      // No driver is in two matches without an AVAILABLE between them.
      Map<String, List<Long>> availableAt =
          statuses.stream()
              .filter(s -> s.status() == DriverState.AVAILABLE)
              .collect(
                  Collectors.groupingBy(
                      DriverStatus::driverId,
                      Collectors.mapping(DriverStatus::ts, Collectors.toList())));
      Map<String, List<RideMatch>> matchesOfDriver =
          outcomes.matches.stream()
              .collect(Collectors.toMap(RideMatch::requestId, m -> m, (a, b) -> a))
              .values()
              .stream()
              .collect(Collectors.groupingBy(RideMatch::driverId));
      matchesOfDriver.forEach(
          (driverId, matches) -> {
            matches.sort(Comparator.comparingLong(RideMatch::ts));
            for (int i = 1; i < matches.size(); i++) {
              long previous = matches.get(i - 1).ts();
              long next = matches.get(i).ts();
              assertThat(availableAt.get(driverId))
                  .as(
                      "%s matched to %s at %d and to %s at %d",
                      driverId,
                      matches.get(i - 1).requestId(),
                      previous,
                      matches.get(i).requestId(),
                      next)
                  .anySatisfy(
                      ts -> assertThat(ts).isGreaterThan(previous).isLessThanOrEqualTo(next));
            }
          });

      // Nobody can serve a rider 100 km from every driver; riders in the crowd compete for drivers
      // (some wait in vain, some drivers serve twice), so every check above had work to do.
      System.out.printf(
          "%d requests: %d matched, unmatched by reason %s; %d drivers matched more than once%n",
          byId.size(),
          driversOf.size(),
          outcomes.unmatched.stream()
              .distinct()
              .collect(Collectors.groupingBy(RideUnmatched::reason, Collectors.counting())),
          matchesOfDriver.values().stream().filter(matches -> matches.size() > 1).count());
      assertThat(outcomes.unmatched)
          .filteredOn(end -> nowhere.contains(end.requestId()))
          .extracting(RideUnmatched::reason)
          .containsOnly(UnmatchedReason.NO_DRIVER_NEARBY)
          .hasSize(nowhere.size());
      assertThat(outcomes.unmatched)
          .extracting(RideUnmatched::reason)
          .contains(UnmatchedReason.TIMEOUT);
      assertThat(driversOf).isNotEmpty();
      assertThat(matchesOfDriver.values())
          .anySatisfy(matches -> assertThat(matches).hasSizeGreaterThan(1));
    }
  }

  private static <T> List<T> slice(List<T> events, ToLongFunction<T> ts, long from, long to) {
    return events.stream()
        .filter(e -> ts.applyAsLong(e) >= from && ts.applyAsLong(e) < to)
        .toList();
  }

  /**
   * AVAILABLE at the start, then a few changes; every driver comes back AVAILABLE at least once.
   */
  private static List<DriverStatus> statusChanges(
      String driverId, String vehicle, double rating, Random random) {
    List<DriverStatus> changes = new ArrayList<>();
    changes.add(
        new DriverStatus(driverId, DriverState.AVAILABLE, vehicle, rating, T0 - ONE_SECOND));
    long ts = T0;
    for (int i = 0; i < 3; i++) {
      ts += 5_000 + random.nextInt(15_000);
      DriverState state =
          i == 1
              ? DriverState.AVAILABLE
              : random.nextDouble() < 0.8 ? DriverState.BUSY : DriverState.OFFLINE;
      changes.add(new DriverStatus(driverId, state, vehicle, rating, ts));
    }
    changes.add(
        new DriverStatus(
            driverId, DriverState.AVAILABLE, vehicle, rating, ts + 5_000 + random.nextInt(10_000)));
    return changes;
  }

  /** Six positions 10 s apart, each up to 1 km from the last; one driver in 20 expires. */
  private static List<DriverPosition> drive(
      String driverId, double lat0, double lng0, Random random) {
    List<DriverPosition> path = new ArrayList<>();
    double lat = lat0 + kmToLat(random.nextDouble() * 24 - 12);
    double lng = lng0 + kmToLng(random.nextDouble() * 24 - 12);
    boolean expires = random.nextDouble() < 0.05;
    for (int i = 0; i < 6; i++) {
      lat += kmToLat(random.nextDouble() * 2 - 1) * 0.7;
      lng += kmToLng(random.nextDouble() * 2 - 1) * 0.7;
      path.add(Rides.position(driverId, lat, lng, T0 + i * 10_000L));
    }
    if (expires) {
      DriverPosition last = path.get(path.size() - 1);
      path.add(Rides.expired(driverId, last.lat(), last.lng(), last.ts() + 1));
    }
    return path;
  }

  private static double kmToLat(double km) {
    return km / 111.195;
  }

  private static double kmToLng(double km) {
    return km / (111.195 * Math.cos(Math.toRadians(LAT)));
  }

  /** The contract's topics; the job creates its internal verdict topic itself. */
  private static Map<String, String> createTopics(String testName) {
    Map<String, String> topics =
        new HashMap<>(
            KAFKA.createTopics(
                testName,
                Topics.RIDE_REQUESTS,
                Topics.DRIVER_POSITIONS,
                Topics.DRIVER_STATUS,
                Topics.RIDE_MATCHES,
                Topics.RIDE_UNMATCHED,
                Topics.DEAD_LETTERS));
    topics.put(
        MatchingTopics.CLAIM_VERDICTS.id(),
        MatchingTopics.CLAIM_VERDICTS.id() + "-" + topics.get(Topics.RIDE_REQUESTS.id()));
    return topics;
  }

  private static <T> void send(Topic<T> topic, Map<String, String> topics, List<T> events) {
    KAFKA.send(topic, topics.get(topic.id()), events);
  }

  private static Outcomes readOutcomes(Map<String, String> topics, Set<String> requestIds)
      throws Exception {
    return Outcomes.readUntilSettled(
        KAFKA.bootstrapServers(),
        topics.get(Topics.RIDE_MATCHES.id()),
        topics.get(Topics.RIDE_UNMATCHED.id()),
        requestIds,
        TIMEOUT);
  }

  /**
   * Waits until the job has checkpointed past the end of the given topics: a completed checkpoint
   * means every operator has processed what was read before it.
   */
  private static void awaitConsumed(String groupId, String... topicNames) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (String topic : topicNames) {
        for (int partition = 0; partition < 2; partition++) {
          ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
      }
      Map<TopicPartition, Long> endOffsets = new HashMap<>();
      admin.listOffsets(ends).all().get().forEach((tp, info) -> endOffsets.put(tp, info.offset()));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        boolean caughtUp =
            endOffsets.entrySet().stream()
                .allMatch(
                    end ->
                        end.getValue() == 0
                            || (committed.get(end.getKey()) != null
                                && committed.get(end.getKey()).offset() >= end.getValue()));
        if (caughtUp) {
          return;
        }
        Thread.onSpinWait();
        admin.listTopics().names().get(); // a round trip to the broker paces the loop
      }
      throw new AssertionError(
          "the job did not consume " + String.join(", ", topicNames) + " in " + TIMEOUT);
    }
  }

  private static String[] jobArgs(Map<String, String> topics, String groupId) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--group-id",
                groupId,
                "--transactional-id-prefix",
                groupId,
                "--checkpoint-interval",
                "1 s",
                "--watermark.idle-timeout",
                "1 s"));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    return args.toArray(String[]::new);
  }
}
