package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.ride.AnomalyKind;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.LocationAnomaly;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not in CI (run with {@code -Preliability-all}): its three cases take 45 to 70 s with the
 * cluster's start, which would take the module past its 5-minute CI budget.
 *
 * <p>Event time at the edges, on location-ingest running unbounded (a bounded run's final watermark
 * would hide a stall): drivers expire only if event time advances, so an expiry is the proof.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventTimeEdgeCasesIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  /** The job's {@code watermark.out-of-orderness}, set explicitly: the figures depend on it. */
  private static final long OUT_OF_ORDERNESS_MS = 2_000;

  private static final int LATE_PINGS = 3;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * 160 s of pings on partition 0 only; partition 1 of the topic never gets a record. The silent
   * half's last pings are at 56 s, so they expire at 116 s of event time, which the others' pings
   * carry the watermark past (it trails the latest ping by the 2 s out-of-orderness).
   */
  @Test
  void anIdlePartitionDoesNotHoldBackEventTime(@InjectClusterClient ClusterClient<?> client)
      throws Exception {
    List<String> drivers = driversOnPartition(0, 10);
    List<ContractEvent> pings = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
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
   * Pings that arrive after event time has passed them (a phone that was offline, say): each is
   * reported as one STALE anomaly, moves no driver, and is counted by the tracker's {@code
   * latePings} metric, read here as an operator would, from the cluster's REST API.
   */
  @Test
  void latePingsAreReportedAndCounted(
      @InjectClusterClient ClusterClient<?> client, @InjectMiniCluster MiniCluster cluster)
      throws Exception {
    List<ContractEvent> pings = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      for (int d = 0; d < 4; d++) {
        pings.add(
            DriverLocation.of(
                "driver-" + d,
                Workloads.LAT + i * 0.0001,
                Workloads.LNG,
                Workloads.T0 + i * 4_000L));
      }
    }
    List<ContractEvent> late = new ArrayList<>();
    for (int k = 0; k < LATE_PINGS; k++) {
      late.add(
          DriverLocation.of(
              "late-driver-" + k, Workloads.LAT, Workloads.LNG, Workloads.T0 + 10_000L + k));
    }
    Map<String, String> topics = JobRuns.createTopics(KAFKA, PlatformJob.LOCATION_INGEST, "late");
    long lateCount;
    List<LocationAnomaly> anomalies;
    try (RunningJob running = start(client, topics, pings)) {
      RunningJob.await(
          "event time to pass 100 s",
          Duration.ofMinutes(1),
          () ->
              positions(topics).stream()
                  .anyMatch(position -> position.ts() >= Workloads.T0 + 100_000));
      sendPings(topics, late);
      RunningJob.await(
          LATE_PINGS + " late pings to be reported",
          Duration.ofMinutes(1),
          () -> anomalies(topics).size() >= LATE_PINGS);
      // The REST API's metrics are refreshed every 10 s (metrics.fetcher.update-interval).
      RunningJob.await(
          "the latePings metric to count " + LATE_PINGS,
          Duration.ofMinutes(1),
          () -> latePings(cluster, running.id()) >= LATE_PINGS);
      lateCount = latePings(cluster, running.id());
      anomalies = anomalies(topics);
    }
    System.out.printf(
        "FIGURES event-time late pings: %d pings in (%d late), %d positions out, %d anomalies,"
            + " latePings metric %d, 0 restarts%n",
        pings.size() + late.size(),
        late.size(),
        positions(topics).size(),
        anomalies.size(),
        lateCount);
    assertThat(anomalies)
        .extracting(LocationAnomaly::driverId, LocationAnomaly::kind)
        .containsExactlyInAnyOrderElementsOf(
            late.stream()
                .map(ping -> tuple(((DriverLocation) ping).driverId(), AnomalyKind.STALE))
                .toList());
    assertThat(lateCount).isEqualTo(LATE_PINGS);
    assertThat(positions(topics))
        .extracting(DriverPosition::driverId)
        .noneMatch(driver -> driver.startsWith("late-"));
  }

  /**
   * Runs location-ingest unbounded on {@code pings}, waits for the {@code expected} drivers to
   * expire and for every ping to be released except those within the out-of-orderness of the latest
   * (the watermark trails it by that much), and checks that no ping was judged late.
   */
  private Set<String> runAndCollectExpiries(
      ClusterClient<?> client, List<ContractEvent> pings, List<String> expected) throws Exception {
    long latest = pings.stream().mapToLong(ContractEvent::ts).max().orElseThrow();
    long heldBack =
        pings.stream().filter(ping -> ping.ts() >= latest - OUT_OF_ORDERNESS_MS).count();
    Map<String, String> topics =
        JobRuns.createTopics(KAFKA, PlatformJob.LOCATION_INGEST, "event-time");
    Set<String> expired = new TreeSet<>();
    List<Long> moved = new ArrayList<>();
    try (RunningJob running = start(client, topics, pings)) {
      RunningJob.await(
          "drivers " + expected + " to expire and all but " + heldBack + " pings to be released",
          Duration.ofMinutes(2),
          () -> {
            expired.clear();
            moved.clear();
            for (DriverPosition position : positions(topics)) {
              if (position.expired()) {
                expired.add(position.driverId());
              } else {
                moved.add(position.ts());
              }
            }
            return expired.containsAll(expected) && moved.size() >= pings.size() - heldBack;
          });
    }
    List<LocationAnomaly> anomalies = anomalies(topics);
    System.out.printf(
        "FIGURES event-time: %d pings in, %d positions out (the other %d are within the"
            + " out-of-orderness of the latest ping), %d expiries, %d anomalies, 0 restarts%n",
        pings.size(), moved.size(), heldBack, expired.size(), anomalies.size());
    assertThat(anomalies).as("pings judged stale or late").isEmpty();
    assertThat(moved).hasSize(pings.size() - (int) heldBack);
    return expired;
  }

  /**
   * Starts location-ingest unbounded (idle timeout 1 s, driver TTL 1 min) after sending {@code
   * pings}.
   */
  private static RunningJob start(
      ClusterClient<?> client, Map<String, String> topics, List<ContractEvent> pings)
      throws Exception {
    sendPings(topics, pings);
    String[] args =
        JobRuns.args(
            KAFKA,
            topics,
            "--watermark.idle-timeout",
            "1s",
            "--watermark.out-of-orderness",
            OUT_OF_ORDERNESS_MS + "ms",
            "--driver-ttl",
            "1 min",
            "--checkpoint-interval",
            "500ms",
            "--group-id",
            "event-time-" + topics.get(Topics.DRIVER_LOCATIONS.id()));
    return RunningJob.start(client, PlatformJob.LOCATION_INGEST.wire(args, InputTap.NONE));
  }

  private static void sendPings(Map<String, String> topics, List<ContractEvent> pings) {
    JobRuns.sendRaw(
        KAFKA,
        topics.get(Topics.DRIVER_LOCATIONS.id()),
        JobRuns.records(Topics.DRIVER_LOCATIONS, pings));
  }

  private static List<DriverPosition> positions(Map<String, String> topics) {
    return KAFKA.readAll(Topics.DRIVER_POSITIONS, topics.get(Topics.DRIVER_POSITIONS.id()));
  }

  private static List<LocationAnomaly> anomalies(Map<String, String> topics) {
    return KAFKA.readAll(Topics.LOCATION_ANOMALIES, topics.get(Topics.LOCATION_ANOMALIES.id()));
  }

  /**
   * The tracker's {@code latePings} counter summed over its subtasks, from the cluster's REST API
   * (as the dashboard shows it); -1 while no subtask reports it yet.
   */
  private static long latePings(MiniCluster cluster, JobID job) throws Exception {
    URI rest = cluster.getRestAddress().get();
    for (JsonNode vertex : getJson(rest, "/jobs/" + job).path("vertices")) {
      String metrics =
          "/jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
      for (JsonNode metric : getJson(rest, metrics)) {
        String id = metric.path("id").asText();
        if (id.endsWith(".latePings")) {
          String query = "?get=" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&agg=sum";
          return getJson(rest, metrics + query).path(0).path("sum").asLong();
        }
      }
    }
    return -1;
  }

  private static JsonNode getJson(URI rest, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(rest.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return EventJson.newMapper().readTree(response.body());
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
