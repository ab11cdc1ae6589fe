package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ride-matching, unbounded, with its requests' reader failing three times mid-stream, each time
 * after a checkpoint completed; Flink restarts it from that checkpoint while riders keep asking.
 * Its outputs are at-least-once with {@code requestId} as idempotency key, so what must hold is:
 * every request ends, all of a request's outcomes are the same (exact repeats only), and no driver
 * is given to two riders, across every restore of the claims.
 *
 * <p>It found a real defect: before the job read its published outcomes back after a restore
 * ({@code OutcomeLog}), a grant written before a failure stayed visible while the claims restored
 * from the checkpoint did not hold it, and the replay (areas see drivers, requests and verdicts in
 * another order) gave the request a second driver and the driver a second rider: 14 of 100 requests
 * and 10 to 14 drivers in each of three runs.
 */
class RideMatchingTaskFailureIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  private static final int DRIVERS = 120;
  private static final int SLICES = 10;
  private static final int RIDERS_PER_SLICE = 10;
  private static final int FAILURES = 3;
  private static final long T0 = Workloads.T0;
  private static final long SECOND = Workloads.SECOND;

  @Test
  @Tag("ci")
  void failuresMidStreamLoseNoRequestAndNeverGiveADriverTwice(
      @InjectClusterClient ClusterClient<?> client, @InjectMiniCluster MiniCluster cluster)
      throws Exception {
    Map<String, String> topics = RideMatchingSavepointIT.createTopics(KAFKA, "ride-failures");
    String groupId = "ride-failures-" + topics.get(Topics.RIDE_REQUESTS.id());
    List<String> inputs = RideMatchingSavepointIT.inputTopics(topics);

    List<DriverStatus> statuses = availableDrivers(DRIVERS);
    List<DriverPosition> positions = positionsEastOfStation(DRIVERS);
    KAFKA.send(Topics.DRIVER_STATUS, topics.get(Topics.DRIVER_STATUS.id()), statuses);
    KAFKA.send(Topics.DRIVER_POSITIONS, topics.get(Topics.DRIVER_POSITIONS.id()), positions);

    PlatformJob.Wired wired =
        RideMatchingSavepointIT.wire(
            KAFKA.bootstrapServers(),
            topics,
            groupId,
            "500 ms",
            requests ->
                requests
                    // Subtask 0 reads about half of each slice: it fails every few slices.
                    .map(new FailureInjector<RideRequest>(FAILURES, RIDERS_PER_SLICE / 2))
                    .returns(requests.getType())
                    .name("Failure injector"));
    wired.env().configure(FailureInjector.restartsFor(FAILURES));
    List<RideRequest> requests = new ArrayList<>();
    int restarts;
    try (RunningJob job = RunningJob.start(client, wired)) {
      job.awaitConsumed(KAFKA.bootstrapServers(), groupId, inputs, Duration.ofMinutes(1));
      for (int slice = 0; slice < SLICES; slice++) {
        List<RideRequest> part = requests(slice * RIDERS_PER_SLICE, RIDERS_PER_SLICE);
        KAFKA.send(Topics.RIDE_REQUESTS, topics.get(Topics.RIDE_REQUESTS.id()), part);
        requests.addAll(part);
        // The next slice only once a checkpoint holds this one: input keeps flowing across
        // checkpoints, so each failure comes after one completed.
        job.awaitConsumed(KAFKA.bootstrapServers(), groupId, inputs, Duration.ofMinutes(1));
      }
      RunningJob.await(
          "an outcome for each of " + requests.size() + " requests",
          Duration.ofMinutes(2),
          () -> outcomes(topics).allSettled(requests));
      restarts = JobRuns.restarts(cluster, job.id());
    }

    RideOutcomes outcomes = outcomes(topics);
    int in = statuses.size() + positions.size() + requests.size();
    System.out.printf(
        "FIGURES task-failures ride-matching: %d records in (%d drivers, %d requests in %d slices),"
            + " %d restarts%n",
        in, DRIVERS, requests.size(), SLICES, restarts);
    System.out.println(outcomes.figures(requests));

    assertThat(restarts).as("restarts from a checkpoint").isEqualTo(FAILURES);
    outcomes.assertKeptTo(requests);
    assertThat(KAFKA.readAll(Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id()))).isEmpty();
  }

  /** {@code count} drivers AVAILABLE for ECONOMY since just before {@link #T0}. */
  static List<DriverStatus> availableDrivers(int count) {
    List<DriverStatus> statuses = new ArrayList<>();
    for (int d = 0; d < count; d++) {
      statuses.add(
          new DriverStatus("driver-" + d, DriverState.AVAILABLE, "ECONOMY", 4.5, T0 - SECOND));
    }
    return statuses;
  }

  /**
   * The drivers' positions, 20 m apart going east of the station: all within every rider's reach.
   */
  static List<DriverPosition> positionsEastOfStation(int count) {
    List<DriverPosition> positions = new ArrayList<>();
    for (int d = 0; d < count; d++) {
      positions.add(
          RideMatchingSavepointIT.position(
              "driver-" + d, Workloads.LAT, Workloads.LNG + d * 0.00026, T0));
    }
    return positions;
  }

  /** Requests {@code from} to {@code from + count - 1}, at the station, a second apart. */
  static List<RideRequest> requests(int from, int count) {
    List<RideRequest> requests = new ArrayList<>();
    for (int n = from; n < from + count; n++) {
      double lat = Workloads.LAT;
      double lng = Workloads.LNG;
      requests.add(
          new RideRequest(
              "request-" + n,
              "rider-" + n,
              lat,
              lng,
              lat + 0.01,
              lng,
              T0 + (n + 1) * SECOND,
              null,
              null));
    }
    return requests;
  }

  private static RideOutcomes outcomes(Map<String, String> topics) {
    return new RideOutcomes(
        KAFKA.readAll(Topics.RIDE_MATCHES, topics.get(Topics.RIDE_MATCHES.id())),
        KAFKA.readAll(Topics.RIDE_UNMATCHED, topics.get(Topics.RIDE_UNMATCHED.id())));
  }
}
