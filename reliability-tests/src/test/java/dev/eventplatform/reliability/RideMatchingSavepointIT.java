package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.config.Settings;
import dev.eventplatform.geo.Geohash;
import dev.eventplatform.job.JobEnvironment;
import dev.eventplatform.job.KafkaEndpoints;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.matching.MatchingTopics;
import dev.eventplatform.matching.RideMatchingConfig;
import dev.eventplatform.matching.RideMatchingJob;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.RideUnmatched;
import dev.eventplatform.model.ride.UnmatchedReason;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Savepoint upgrade of ride-matching, run unbounded: it refuses {@code --bounded} (its claim
 * verdicts loop back through a Kafka topic that never ends), so there is no bounded reference run
 * to compare with, and the test checks the job's own invariants instead.
 *
 * <p>{@value #DRIVERS} drivers come online and {@value #RIDERS_BEFORE} riders are matched; the job
 * is stopped with a savepoint and started again from it with another checkpoint interval (a setting
 * that is not state). After the restore no driver record arrives, only riders: one more than the
 * drivers still free, and a repeat of a request matched before. State carried over if the free
 * drivers, known only from before the restore, serve the new riders; the drivers matched before are
 * given to nobody else; the rider left over ends TIMEOUT (a fitting driver was near but taken), not
 * NO_DRIVER_NEARBY; and the repeated request is dropped, not matched a second time.
 *
 * <p>ride-matching is not a {@link PlatformJob}: every test there runs its jobs bounded.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RideMatchingSavepointIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  static final int DRIVERS = 8;
  static final int RIDERS_BEFORE = 3;
  private static final long T0 = Workloads.T0;
  private static final long SECOND = Workloads.SECOND;

  /** How long a rider after the restore waits: short, so the one left over ends soon. */
  private static final long MAX_WAIT_MS = 5_000;

  /** Where the event-time clock records go: no driver within 100 km of it. */
  private static final double FAR_LAT = -45.0;

  private static final double FAR_LNG = -120.0;

  @Tag("ci")
  @Test
  void driversAndClaimsCarryOverAnUpgradeFromASavepoint(
      @InjectClusterClient ClusterClient<?> client) throws Exception {
    Map<String, String> topics = createTopics(KAFKA, "ride-upgrade");
    String groupId = "ride-upgrade-" + topics.get(Topics.RIDE_REQUESTS.id());
    List<String> inputs = inputTopics(topics);
    Path savepoints = Files.createTempDirectory(Path.of("/tmp"), "savepoints");

    List<DriverStatus> statuses = new ArrayList<>();
    List<DriverPosition> positions = new ArrayList<>();
    Set<String> drivers = new HashSet<>();
    for (int d = 0; d < DRIVERS; d++) {
      String driverId = "driver-" + d;
      drivers.add(driverId);
      statuses.add(new DriverStatus(driverId, DriverState.AVAILABLE, "ECONOMY", 4.5, T0 - SECOND));
      // 100 m apart going east of the station: all within reach of every rider.
      double lng = Workloads.LNG + d * 0.0013;
      positions.add(position(driverId, Workloads.LAT, lng, T0));
    }
    List<RideRequest> before = new ArrayList<>();
    for (int r = 0; r < RIDERS_BEFORE; r++) {
      before.add(request("before-" + r, Workloads.LAT, Workloads.LNG, T0 + (r + 1) * SECOND));
    }
    List<RideRequest> after = new ArrayList<>();
    for (int r = 0; r < DRIVERS - RIDERS_BEFORE + 1; r++) {
      after.add(request("after-" + r, Workloads.LAT, Workloads.LNG, T0 + (10 + r) * SECOND));
    }
    RideRequest repeat = before.get(0);

    KAFKA.send(Topics.DRIVER_STATUS, topics.get(Topics.DRIVER_STATUS.id()), statuses);
    KAFKA.send(Topics.DRIVER_POSITIONS, topics.get(Topics.DRIVER_POSITIONS.id()), positions);
    String savepoint;
    Map<String, String> driverBefore;
    try (RunningJob first = RunningJob.start(client, wire(topics, groupId, "1 s"))) {
      // Every driver known before the first rider asks, so the riders compete for all of them.
      first.awaitConsumed(KAFKA.bootstrapServers(), groupId, inputs, Duration.ofMinutes(1));
      KAFKA.send(Topics.RIDE_REQUESTS, topics.get(Topics.RIDE_REQUESTS.id()), before);
      awaitOutcomes(topics, before);
      // The grants' verdicts read back too, so the areas' state is settled in the savepoint.
      first.awaitConsumed(KAFKA.bootstrapServers(), groupId, inputs, Duration.ofMinutes(1));
      driverBefore = driverOf(matches(topics));
      savepoint = first.stopWithSavepoint(savepoints.toUri().toString(), false);
    }

    PlatformJob.Wired upgraded = wire(topics, groupId, "300 ms");
    upgraded.env().configure(restoreFrom(savepoint));
    List<RideRequest> afterAndRepeat = new ArrayList<>(after);
    afterAndRepeat.add(repeat);
    try (RunningJob second = RunningJob.start(client, upgraded)) {
      KAFKA.send(Topics.RIDE_REQUESTS, topics.get(Topics.RIDE_REQUESTS.id()), afterAndRepeat);
      RunningJob.await(
          "the free drivers to be matched after the restore",
          Duration.ofMinutes(1),
          () -> driverOf(matches(topics)).size() >= DRIVERS);
      // Far later in event time on every input: every waiting rider's deadline passes.
      KAFKA.send(
          Topics.DRIVER_STATUS,
          topics.get(Topics.DRIVER_STATUS.id()),
          List.of(new DriverStatus("clock", DriverState.OFFLINE, "ECONOMY", 1.0, T0 + 3_600_000)));
      KAFKA.send(
          Topics.DRIVER_POSITIONS,
          topics.get(Topics.DRIVER_POSITIONS.id()),
          List.of(position("clock", FAR_LAT, FAR_LNG, T0 + 3_600_000)));
      KAFKA.send(
          Topics.RIDE_REQUESTS,
          topics.get(Topics.RIDE_REQUESTS.id()),
          List.of(request("clock", FAR_LAT, FAR_LNG, T0 + 3_600_000)));
      awaitOutcomes(topics, after);
      second.awaitConsumed(KAFKA.bootstrapServers(), groupId, inputs, Duration.ofMinutes(1));
      second.stopWithSavepoint(savepoints.toUri().toString(), false);
    }

    List<RideMatch> matches = matches(topics);
    List<RideUnmatched> unmatched =
        KAFKA.readAll(Topics.RIDE_UNMATCHED, topics.get(Topics.RIDE_UNMATCHED.id()));
    Map<String, Set<String>> driversOfRequest =
        matches.stream()
            .collect(
                Collectors.groupingBy(
                    RideMatch::requestId,
                    TreeMap::new,
                    Collectors.mapping(RideMatch::driverId, Collectors.toSet())));
    Map<String, Set<String>> requestsOfDriver =
        matches.stream()
            .collect(
                Collectors.groupingBy(
                    RideMatch::driverId,
                    TreeMap::new,
                    Collectors.mapping(RideMatch::requestId, Collectors.toSet())));
    Map<String, String> driverAfter = driverOf(matches);
    driverAfter.keySet().removeAll(driverBefore.keySet());
    List<RideUnmatched> unmatchedAfter =
        unmatched.stream().filter(end -> end.requestId().startsWith("after-")).toList();
    int in = statuses.size() + positions.size() + before.size() + afterAndRepeat.size() + 3;
    long repeatedOutcomes =
        matches.size()
            - matches.stream().distinct().count()
            + unmatched.size()
            - unmatched.stream().distinct().count();
    Set<String> settled = new HashSet<>(driversOfRequest.keySet());
    unmatched.forEach(end -> settled.add(end.requestId()));
    long lost =
        Stream.concat(before.stream(), after.stream())
            .filter(request -> !settled.contains(request.requestId()))
            .count();

    System.out.printf(
        "FIGURES savepoint-upgrade ride-matching: %d records in (%d drivers, %d riders before the"
            + " savepoint, %d after plus 1 repeat, 3 clock records), 0 restarts%n",
        in, DRIVERS, before.size(), after.size());
    System.out.printf(
        "FIGURES   out: %d matches (%d before the upgrade, %d after), %d unmatched %s; lost %d,"
            + " repeated outcomes %d; drivers given to two riders %d%n",
        matches.size(),
        driverBefore.size(),
        driverAfter.size(),
        unmatched.size(),
        unmatched.stream()
            .collect(Collectors.groupingBy(RideUnmatched::reason, Collectors.counting())),
        lost,
        repeatedOutcomes,
        requestsOfDriver.values().stream().filter(requests -> requests.size() > 1).count());

    assertThat(driverBefore).as("riders matched before the savepoint").hasSize(RIDERS_BEFORE);
    assertThat(driversOfRequest)
        .as("drivers of each request (one, even for the repeat after the restore)")
        .allSatisfy((request, driversOf) -> assertThat(driversOf).hasSize(1));
    assertThat(requestsOfDriver)
        .as("riders of each driver (none had an AVAILABLE after its match)")
        .allSatisfy((driver, requests) -> assertThat(requests).hasSize(1));
    assertThat(driverAfter)
        .as("riders after the restore, matched to drivers seen only before it")
        .hasSize(DRIVERS - RIDERS_BEFORE);
    assertThat(driverAfter.values())
        .allSatisfy(driver -> assertThat(drivers).contains(driver))
        .doesNotContainAnyElementsOf(driverBefore.values());
    assertThat(unmatchedAfter)
        .as("the rider left over: the taken drivers were still known, so TIMEOUT")
        .singleElement()
        .extracting(RideUnmatched::reason)
        .isEqualTo(UnmatchedReason.TIMEOUT);
    assertThat(driversOfRequest.keySet()).doesNotContain(unmatchedAfter.get(0).requestId());
    assertThat(lost).as("requests without an outcome").isZero();
    assertThat(KAFKA.readAll(Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id()))).isEmpty();
  }

  /** Every topic ride-matching touches, created and served before use. */
  static Map<String, String> createTopics(KafkaTestBroker kafkaBroker, String testName) {
    return kafkaBroker.createTopics(testName, allTopics());
  }

  /** Every topic ride-matching touches, its internal verdict loop included. */
  static Topic<?>[] allTopics() {
    return new Topic<?>[] {
      Topics.RIDE_REQUESTS,
      Topics.DRIVER_POSITIONS,
      Topics.DRIVER_STATUS,
      Topics.RIDE_MATCHES,
      Topics.RIDE_UNMATCHED,
      Topics.DEAD_LETTERS,
      // The job would create it on start; created beforehand, it is known to serve before use.
      MatchingTopics.CLAIM_VERDICTS
    };
  }

  /** The topics ride-matching reads, whose consumed offsets say it has caught up. */
  static List<String> inputTopics(Map<String, String> topics) {
    return Stream.of(
            Topics.RIDE_REQUESTS,
            Topics.DRIVER_POSITIONS,
            Topics.DRIVER_STATUS,
            MatchingTopics.CLAIM_VERDICTS)
        .map(topic -> topics.get(topic.id()))
        .toList();
  }

  private static PlatformJob.Wired wire(
      Map<String, String> topics, String groupId, String checkpointInterval) {
    return wire(
        KAFKA.bootstrapServers(), topics, groupId, checkpointInterval, requests -> requests);
  }

  /**
   * ride-matching wired as its {@code main} wires it (internal verdict topic, {@code build}, the
   * three sinks), with the group id and checkpoint interval given and {@code tapRequests} between
   * the requests' source and the pipeline, without executing.
   */
  static PlatformJob.Wired wire(
      String bootstrapServers,
      Map<String, String> topics,
      String groupId,
      String checkpointInterval,
      UnaryOperator<DataStream<RideRequest>> tapRequests) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                bootstrapServers,
                "--group-id",
                groupId,
                "--checkpoint-interval",
                checkpointInterval,
                // As RideMatchingJobIT: topics that fall quiet must not hold event time back.
                "--watermark.idle-timeout",
                "1 s"));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    RideMatchingConfig config =
        RideMatchingConfig.from(Settings.fromArgs(args.toArray(String[]::new)));
    StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
    KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());
    kafka.ensureInternalTopic(MatchingTopics.CLAIM_VERDICTS, Topics.RIDE_REQUESTS);
    RideMatchingJob.Outputs outputs =
        RideMatchingJob.build(
            tapRequests.apply(kafka.read(Topics.RIDE_REQUESTS)),
            kafka.read(Topics.DRIVER_POSITIONS),
            kafka.read(Topics.DRIVER_STATUS),
            kafka.read(MatchingTopics.CLAIM_VERDICTS),
            config);
    kafka.write(outputs.matches(), Topics.RIDE_MATCHES);
    kafka.write(outputs.unmatched(), Topics.RIDE_UNMATCHED);
    kafka.write(outputs.verdicts(), MatchingTopics.CLAIM_VERDICTS);
    return new PlatformJob.Wired(env, kafka);
  }

  private static Configuration restoreFrom(String savepoint) {
    Configuration conf = new Configuration();
    conf.setString("execution.savepoint.path", savepoint);
    return conf;
  }

  /** Waits until every one of {@code requests} has a match or an unmatched end. */
  private static void awaitOutcomes(Map<String, String> topics, List<RideRequest> requests)
      throws Exception {
    RunningJob.await(
        "an outcome for each of " + requests.size() + " requests",
        Duration.ofMinutes(1),
        () -> {
          Set<String> settled = new HashSet<>(driverOf(matches(topics)).keySet());
          KAFKA
              .readAll(Topics.RIDE_UNMATCHED, topics.get(Topics.RIDE_UNMATCHED.id()))
              .forEach(end -> settled.add(end.requestId()));
          return requests.stream().allMatch(request -> settled.contains(request.requestId()));
        });
  }

  private static List<RideMatch> matches(Map<String, String> topics) {
    return KAFKA.readAll(Topics.RIDE_MATCHES, topics.get(Topics.RIDE_MATCHES.id()));
  }

  /** The driver of each matched request (the first, if a request had several). */
  private static Map<String, String> driverOf(List<RideMatch> matches) {
    Map<String, String> drivers = new TreeMap<>();
    matches.forEach(match -> drivers.putIfAbsent(match.requestId(), match.driverId()));
    return drivers;
  }

  static DriverPosition position(String driverId, double lat, double lng, long ts) {
    return new DriverPosition(
        driverId, lat, lng, Geohash.encode(lat, lng, Geohash.POSITION_PRECISION), null, false, ts);
  }

  private static RideRequest request(String requestId, double lat, double lng, long ts) {
    return new RideRequest(
        requestId, "rider-" + requestId, lat, lng, lat + 0.01, lng, ts, null, MAX_WAIT_MS);
  }
}
