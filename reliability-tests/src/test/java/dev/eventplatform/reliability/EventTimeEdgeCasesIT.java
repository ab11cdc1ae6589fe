package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.LocationAnomaly;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not in CI (run with {@code -Preliability-all}): never run yet on this machine.
 *
 * <p>Event time at the edges, on location-ingest running unbounded (a bounded run's final watermark
 * would hide a stall): drivers expire only if event time advances, so an expiry is the proof.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventTimeEdgeCasesIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  /** Two minutes of pings on partition 0 only; partition 1 of the topic never gets a record. */
  @Test
  void anIdlePartitionDoesNotHoldBackEventTime(@InjectClusterClient ClusterClient<?> client)
      throws Exception {
    List<String> drivers = driversOnPartition(0, 10);
    List<ContractEvent> pings = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      for (String driver : drivers) {
        // The first half of the drivers falls silent after one minute.
        if (i < 15 || drivers.indexOf(driver) >= drivers.size() / 2) {
          pings.add(
              DriverLocation.of(
                  driver, Workloads.LAT + i * 0.0001, Workloads.LNG, Workloads.T0 + i * 4_000L));
        }
      }
    }
    Set<String> expired =
        runAndCollectExpiries(client, pings, drivers.subList(0, drivers.size() / 2));
    assertThat(expired).containsExactlyInAnyOrderElementsOf(drivers.subList(0, drivers.size() / 2));
  }

  /**
   * Two producers whose clocks disagree by 90 s, one per partition: the watermark follows the
   * slower one (per-partition watermarks), so nothing from it is late and nothing stalls.
   */
  @Test
  void clockSkewBetweenProducersNeitherStallsNorDropsPings(
      @InjectClusterClient ClusterClient<?> client) throws Exception {
    List<String> accurate = driversOnPartition(0, 4);
    List<String> behind = driversOnPartition(1, 4);
    List<ContractEvent> pings = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      for (String driver : accurate) {
        if (i < 20) { // these fall silent after 80 s
          pings.add(
              DriverLocation.of(
                  driver, Workloads.LAT + i * 0.0001, Workloads.LNG, Workloads.T0 + i * 4_000L));
        }
      }
      for (String driver : behind) {
        pings.add(
            DriverLocation.of(
                driver,
                Workloads.LAT,
                Workloads.LNG + i * 0.0001,
                Workloads.T0 - 90_000 + i * 4_000L));
      }
    }
    Set<String> expired = runAndCollectExpiries(client, pings, accurate);
    assertThat(expired).containsExactlyInAnyOrderElementsOf(accurate);
  }

  /**
   * Runs location-ingest unbounded (idle timeout 1 s, driver TTL 1 min) on {@code pings}, waits for
   * the {@code expected} drivers to expire, and checks that no ping was judged late.
   */
  private Set<String> runAndCollectExpiries(
      ClusterClient<?> client, List<ContractEvent> pings, List<String> expected) throws Exception {
    PlatformJob job = PlatformJob.LOCATION_INGEST;
    Map<String, String> topics = JobRuns.createTopics(KAFKA, job, "event-time");
    JobRuns.sendRaw(
        KAFKA,
        topics.get(Topics.DRIVER_LOCATIONS.id()),
        JobRuns.records(Topics.DRIVER_LOCATIONS, pings));
    String[] args =
        JobRuns.args(
            KAFKA,
            topics,
            "--watermark.idle-timeout",
            "1s",
            "--driver-ttl",
            "1 min",
            "--checkpoint-interval",
            "500ms",
            "--group-id",
            "event-time-" + topics.get(Topics.DRIVER_LOCATIONS.id()));
    Set<String> expired = new TreeSet<>();
    try (RunningJob running = RunningJob.start(client, job.wire(args, InputTap.NONE))) {
      RunningJob.await(
          "drivers " + expected + " to expire",
          Duration.ofMinutes(2),
          () -> {
            expired.clear();
            KAFKA
                .readAll(Topics.DRIVER_POSITIONS, topics.get(Topics.DRIVER_POSITIONS.id()))
                .stream()
                .filter(DriverPosition::expired)
                .forEach(position -> expired.add(position.driverId()));
            return expired.containsAll(expected);
          });
    }
    List<LocationAnomaly> anomalies =
        KAFKA.readAll(Topics.LOCATION_ANOMALIES, topics.get(Topics.LOCATION_ANOMALIES.id()));
    long moved =
        KAFKA.readAll(Topics.DRIVER_POSITIONS, topics.get(Topics.DRIVER_POSITIONS.id())).stream()
            .filter(position -> !position.expired())
            .count();
    System.out.printf(
        "FIGURES event-time: %d pings in, %d positions out, %d expiries, %d anomalies, 0 restarts%n",
        pings.size(), moved, expired.size(), anomalies.size());
    assertThat(anomalies).as("pings judged stale or late").isEmpty();
    return expired;
  }

  /**
   * Driver ids that Kafka's default partitioner puts on {@code partition} of a 2-partition topic.
   */
  private static List<String> driversOnPartition(int partition, int count) {
    List<String> drivers = new ArrayList<>();
    for (int i = 0; drivers.size() < count; i++) {
      String id = "driver-" + i;
      if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
        drivers.add(id);
      }
    }
    return drivers;
  }
}
