package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.testing.FlinkTestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not in CI (run with {@code -Preliability-all}): a broker JVM of its own started twice, an outage
 * of {@value #OUTAGE_SECONDS} s and ride-matching's recovery from it take minutes, past the
 * module's 5-minute CI budget.
 *
 * <p>Kafka broker restart while ride-matching runs unbounded. ride-matching leans on Kafka more
 * than any other job: besides its inputs and outputs it loops claim verdicts through an internal
 * topic, its area matcher and claims ask Kafka's Admin API for end offsets in every checkpoint, and
 * after a restore they read the outcome topics back ({@code OutcomeLog}). So an outage may fail
 * checkpoints (the cluster tolerates 3, as {@code flink-conf/} does) and fail the job over, and the
 * restore then reads Kafka; failed jobs restart with an exponential delay, as in production.
 *
 * <p>{@value #DRIVERS} drivers come online and half the requests are sent and matched, a slice at a
 * time; one more slice is sent and the broker stopped at once, with its outcomes and verdicts in
 * flight; the broker stays out at least {@value #OUTAGE_SECONDS} s and across a checkpoint attempt,
 * is started again on the same port and data, and the remaining requests follow. What must hold is
 * what {@link RideMatchingTaskFailureIT} checks ({@link RideOutcomes#assertKeptTo}): every request
 * ends, once (exact repeats only, never both matched and unmatched), no driver is given to two
 * riders, and nothing is dead-lettered.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class RideMatchingBrokerRestartIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK = FlinkTestCluster.extension(asInProduction());

  private static final int DRIVERS = 120;
  private static final int SLICES = 10;
  private static final int RIDERS_PER_SLICE = 10;

  /** The slices sent and matched before the outage; the next one is in flight when it starts. */
  private static final int SLICES_BEFORE = 5;

  private static final int OUTAGE_SECONDS = 10;

  private static RestartableBroker broker;

  /** Restarts and failed-checkpoint tolerance as {@code flink-conf/config.yaml} sets them. */
  private static Configuration asInProduction() {
    Configuration conf = RestartableBroker.productionRestarts();
    conf.setString("execution.checkpointing.tolerable-failed-checkpoints", "3");
    return conf;
  }

  @BeforeAll
  static void startBroker() throws Exception {
    broker = RestartableBroker.start("ride-broker-restart");
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void rideMatchingRidesOutABrokerRestart(
      @InjectClusterClient ClusterClient<?> client, @InjectMiniCluster MiniCluster cluster)
      throws Exception {
    Map<String, String> topics =
        broker.createTopics("ride-broker-restart", RideMatchingSavepointIT.allTopics());
    String groupId = "ride-broker-restart-" + topics.get(Topics.RIDE_REQUESTS.id());
    List<String> inputs = RideMatchingSavepointIT.inputTopics(topics);

    List<DriverStatus> statuses = RideMatchingTaskFailureIT.availableDrivers(DRIVERS);
    List<DriverPosition> positions = RideMatchingTaskFailureIT.positionsEastOfStation(DRIVERS);
    broker.send(topics, Topics.DRIVER_STATUS, statuses);
    broker.send(topics, Topics.DRIVER_POSITIONS, positions);

    List<RideRequest> requests = new ArrayList<>();
    int restarts;
    long downMillis;
    long startMillis;
    CheckpointStatsCounts checkpoints;
    try (RunningJob job =
        RunningJob.start(
            client,
            RideMatchingSavepointIT.wire(
                broker.bootstrapServers(), topics, groupId, "500 ms", r -> r))) {
      job.awaitConsumed(broker.bootstrapServers(), groupId, inputs, Duration.ofMinutes(1));
      for (int slice = 0; slice < SLICES_BEFORE; slice++) {
        // Each slice only once a checkpoint holds the one before: matched, verdicts read back.
        sendSlice(topics, slice, requests);
        job.awaitConsumed(broker.bootstrapServers(), groupId, inputs, Duration.ofMinutes(1));
      }
      // Stopped right after this slice was acknowledged: its matching is under way, its grants
      // and outcomes are being written when the broker goes.
      sendSlice(topics, SLICES_BEFORE, requests);
      long stopped = System.nanoTime();
      broker.stop();
      long attemptsBefore =
          checkpointStats(cluster, job.id()).getCounts().getTotalNumberOfCheckpoints();
      RunningJob.await(
          "an outage of " + OUTAGE_SECONDS + " s with a checkpoint attempted in it",
          Duration.ofMinutes(2),
          () -> {
            CheckpointStatsCounts counts = checkpointStats(cluster, job.id()).getCounts();
            return System.nanoTime() - stopped >= TimeUnit.SECONDS.toNanos(OUTAGE_SECONDS)
                && (counts.getTotalNumberOfCheckpoints() > attemptsBefore
                    || counts.getNumberOfInProgressCheckpoints() > 0);
          });
      long starting = System.nanoTime();
      broker.startAgain();
      // startAgain returns once the partitions have leaders again, so requests can go at once.
      startMillis = Duration.ofNanos(System.nanoTime() - starting).toMillis();
      downMillis = Duration.ofNanos(System.nanoTime() - stopped).toMillis();

      for (int slice = SLICES_BEFORE + 1; slice < SLICES; slice++) {
        sendSlice(topics, slice, requests);
        // The job may be failing over and backing off: give it the time of a few restarts.
        job.awaitConsumed(broker.bootstrapServers(), groupId, inputs, Duration.ofMinutes(3));
      }
      RunningJob.await(
          "an outcome for each of " + requests.size() + " requests",
          Duration.ofMinutes(2),
          () -> outcomes(topics).allSettled(requests));
      restarts = JobRuns.restarts(cluster, job.id());
      checkpoints = checkpointStats(cluster, job.id()).getCounts();
    }

    RideOutcomes outcomes = outcomes(topics);
    int in = statuses.size() + positions.size() + requests.size();
    System.out.printf(
        "FIGURES broker-restart ride-matching: %d records in (%d drivers, %d requests in %d slices,"
            + " %d before the outage, 1 in flight), broker out %d ms (its start %d ms, until"
            + " partitions led), %d job restarts, %d checkpoints completed and %d failed%n",
        in,
        DRIVERS,
        requests.size(),
        SLICES,
        SLICES_BEFORE,
        downMillis,
        startMillis,
        restarts,
        checkpoints.getNumberOfCompletedCheckpoints(),
        checkpoints.getNumberOfFailedCheckpoints());
    System.out.println(outcomes.figures(requests));

    outcomes.assertKeptTo(requests);
    assertThat(broker.readAll(Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id()))).isEmpty();
  }

  private static void sendSlice(Map<String, String> topics, int slice, List<RideRequest> requests)
      throws Exception {
    List<RideRequest> part =
        RideMatchingTaskFailureIT.requests(slice * RIDERS_PER_SLICE, RIDERS_PER_SLICE);
    broker.send(topics, Topics.RIDE_REQUESTS, part);
    requests.addAll(part);
  }

  private static CheckpointStatsSnapshot checkpointStats(MiniCluster cluster, JobID job)
      throws Exception {
    return cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
  }

  private static RideOutcomes outcomes(Map<String, String> topics) throws Exception {
    return new RideOutcomes(
        broker.readAll(Topics.RIDE_MATCHES, topics.get(Topics.RIDE_MATCHES.id())),
        broker.readAll(Topics.RIDE_UNMATCHED, topics.get(Topics.RIDE_UNMATCHED.id())));
  }
}
