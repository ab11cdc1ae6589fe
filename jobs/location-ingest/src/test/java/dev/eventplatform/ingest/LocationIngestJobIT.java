package dev.eventplatform.ingest;

import static dev.eventplatform.ingest.Pings.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.ride.AnomalyKind;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.LocationAnomaly;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real job, as {@code main} wires it, between a real Kafka broker and a MiniCluster. */
class LocationIngestJobIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  @Test
  void everyPingEndsAsPositionAnomalyOrDeadLetter() throws Exception {
    Map<String, String> topics =
        KAFKA.createTopics(
            "ingest",
            Topics.DRIVER_LOCATIONS,
            Topics.DRIVER_POSITIONS,
            Topics.LOCATION_ANOMALIES,
            Topics.DEAD_LETTERS);

    int drivers = 50;
    int pingsPerDriver = 40;
    Random random = new Random(7);
    var writer = EventJson.newMapper().writerFor(DriverLocation.class);
    List<Map.Entry<String, byte[]>> records = new ArrayList<>();
    int malformed = 0;
    // Each ping by who sent it and when: a position or an anomaly must name exactly these.
    Set<String> expectedMoves = new HashSet<>();
    Set<String> expectedAnomalies = new HashSet<>();
    Set<String> placed = new HashSet<>();
    for (int i = 0; i < pingsPerDriver; i++) {
      for (int d = 0; d < drivers; d++) {
        String driverId = "driver-" + d;
        // Drivers creep north-east at city speed, one ping every 4 seconds.
        DriverLocation ping =
            Pings.ping(
                driverId, 47.30 + d * 0.001 + i * 0.0001, 8.50 + i * 0.0001, T0 + i * 4_000L);
        double dice = random.nextDouble();
        if (dice < 0.05) {
          records.add(Map.entry(driverId, malformedPing(random)));
          malformed++;
          continue;
        }
        if (dice < 0.07 && placed.contains(driverId)) {
          // A fix from the other end of the country: IMPOSSIBLE_SPEED, the driver stays put. (A
          // driver's first fix is believed wherever it is: there is nothing to compare it with.)
          ping = Pings.ping(driverId, Pings.FAR_LAT, Pings.FAR_LNG, ping.ts());
          expectedAnomalies.add(sent(driverId, ping.ts(), AnomalyKind.IMPOSSIBLE_SPEED));
        } else {
          expectedMoves.add(sent(driverId, ping.ts(), null));
          placed.add(driverId);
        }
        records.add(Map.entry(driverId, writer.writeValueAsBytes(ping)));
        if (dice > 0.98) {
          // The phone resends the same fix: DUPLICATE.
          records.add(Map.entry(driverId, writer.writeValueAsBytes(ping)));
          expectedAnomalies.add(sent(driverId, ping.ts(), AnomalyKind.DUPLICATE));
        }
      }
    }
    KAFKA.sendRaw(topics.get(Topics.DRIVER_LOCATIONS.id()), records);

    LocationIngestJob.main(jobArgs(topics));

    // The bounded job has finished and committed: its outputs are complete.
    List<DriverPosition> positions = readAll(Topics.DRIVER_POSITIONS, topics);
    List<LocationAnomaly> anomalies = readAll(Topics.LOCATION_ANOMALIES, topics);
    List<DeadLetter> deadLetters = readAll(Topics.DEAD_LETTERS, topics);

    List<String> moves =
        positions.stream()
            .filter(position -> !position.expired())
            .map(position -> sent(position.driverId(), position.ts(), null))
            .toList();
    long expired = positions.stream().filter(DriverPosition::expired).count();
    assertThat(deadLetters).hasSize(malformed);
    assertThat(deadLetters)
        .allSatisfy(
            letter -> {
              assertThat(letter.error()).isNotBlank();
              assertThat(letter.sourceTopic()).isEqualTo(topics.get(Topics.DRIVER_LOCATIONS.id()));
              assertThat(letter.job()).isEqualTo(LocationIngestJob.NAME);
            });
    assertThat(anomalies)
        .extracting(anomaly -> sent(anomaly.driverId(), anomaly.ts(), anomaly.kind()))
        .containsExactlyInAnyOrderElementsOf(expectedAnomalies);
    assertThat(moves).containsExactlyInAnyOrderElementsOf(expectedMoves);
    assertThat(moves.size() + anomalies.size() + deadLetters.size()).isEqualTo(records.size());
    // The bounded run ends with a final watermark, so every driver falls silent once.
    assertThat(expired).isEqualTo(drivers);
  }

  private static String sent(String driverId, long ts, AnomalyKind kind) {
    return driverId + "@" + ts + (kind == null ? "" : " " + kind);
  }

  private static byte[] malformedPing(Random random) {
    String[] kinds = {
      "{\"driverId\":\"d\",\"lat\":47.1,\"lng\":8.5",
      "{\"driverId\":\"d\",\"lat\":95.0,\"lng\":8.5,\"ts\":1767225600000}",
      "{\"driverId\":\"d\",\"lng\":8.5,\"ts\":1767225600000}",
      "{\"driverId\":\"d\",\"lat\":\"north\",\"lng\":8.5,\"ts\":1767225600000}",
      "not json at all",
    };
    return kinds[random.nextInt(kinds.length)].getBytes(StandardCharsets.UTF_8);
  }

  private static <T> List<T> readAll(Topic<T> topic, Map<String, String> topics) {
    return KAFKA.readAll(topic, topics.get(topic.id()));
  }

  private static String[] jobArgs(Map<String, String> topics) {
    List<String> args =
        new ArrayList<>(
            List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--bounded", "true"));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    return args.toArray(String[]::new);
  }
}
