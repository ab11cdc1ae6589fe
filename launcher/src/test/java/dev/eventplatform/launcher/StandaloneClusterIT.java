package dev.eventplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.launcher.PlatformLayout.JobJar;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.serde.EventJson;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's path end to end, with real processes: a Kafka broker and a standalone Flink
 * cluster started by the launcher's own classes, the real location-ingest job jar submitted over
 * REST, pings in and positions out through Kafka, then a stop with a savepoint and a check that no
 * process or port is left behind. Uses free ports, so it runs beside a running platform.
 */
class StandaloneClusterIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private final ObjectMapper json = EventJson.newMapper();

  @Test
  void runsTheLocationIngestJarOnTheClusterAndLeavesNothingRunning(@TempDir Path dataDir)
      throws Exception {
    PlatformLayout layout = PlatformLayout.fromSystemProperty();
    JobJar locationIngest =
        layout
            .jobJar("location-ingest")
            .filter(JobJar::complete)
            .orElseThrow(
                () -> new AssertionError("location-ingest's jar is not built: run mvn verify"));
    int kafkaPort = Ports.anyFree();
    int controllerPort = Ports.anyFree();
    int restPort = Ports.anyFree();
    int rpcPort = Ports.anyFree();

    CompletableFuture<KafkaBrokerProcess> brokerStart =
        CompletableFuture.supplyAsync(
            () -> KafkaBrokerProcess.start(layout, dataDir, kafkaPort, controllerPort, 1));
    FlinkClusterProcesses flink = FlinkClusterProcesses.start(layout, dataDir, restPort, rpcPort);
    KafkaBrokerProcess broker = brokerStart.join();
    List<ChildProcess> processes = new ArrayList<>(flink.processes());
    processes.add(broker.process());
    try {
      broker.createTopics(Topics.ALL, 1);
      assertThat(broker.topicNames())
          .contains("driver-locations", "driver-positions", "dead-letters");

      FlinkRestClient rest = flink.rest();
      String jobId =
          rest.runJar(
              rest.uploadJar(locationIngest.jar()),
              locationIngest.mainClass(),
              1,
              List.of(
                  "--bootstrap-servers", broker.bootstrapServers(), "--checkpoint-interval", "1 s"),
              Optional.empty());
      Await.until(
          "location-ingest to be RUNNING",
          TIMEOUT,
          () ->
              rest.jobs().stream()
                  .anyMatch(job -> job.id().equals(jobId) && job.state().equals("RUNNING")));

      long now = System.currentTimeMillis();
      send(broker, new DriverLocation("driver-1", 52.5200, 13.4050, now, null, null, null));
      send(broker, new DriverLocation("driver-2", 48.8566, 2.3522, now, null, null, null));
      // Positions come out when event time passes a ping: a later ping moves the watermark on.
      send(
          broker, new DriverLocation("driver-3", 40.4168, -3.7038, now + 10_000, null, null, null));
      List<JsonNode> positions = read(broker, Topics.DRIVER_POSITIONS.id(), 2);

      assertThat(positions)
          .extracting(position -> position.path("driverId").asText())
          .containsExactlyInAnyOrder("driver-1", "driver-2");
      assertThat(positions)
          .allSatisfy(
              position -> {
                assertThat(position.path("geohash").asText()).hasSize(7);
                assertThat(position.path("previousGeohash").isNull()).isTrue();
                assertThat(position.path("expired").asBoolean()).isFalse();
              });

      String savepoint = rest.stopWithSavepoint(jobId, flink.savepointDir(), TIMEOUT);
      assertThat(Files.isDirectory(Path.of(URI.create(savepoint)))).isTrue();
      assertThat(rest.jobs())
          .filteredOn(job -> job.id().equals(jobId))
          .extracting(FlinkRestClient.JobOverview::state)
          .containsExactly("FINISHED");
    } finally {
      flink.stop();
      broker.stop();
    }

    assertThat(processes)
        .allSatisfy(process -> assertThat(process.isGone()).as(process.name()).isTrue());
    assertThat(List.of(kafkaPort, controllerPort, restPort, rpcPort))
        .allSatisfy(port -> assertThat(Ports.isFree(port)).as("port " + port).isTrue());
  }

  private void send(KafkaBrokerProcess broker, DriverLocation ping) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.DRIVER_LOCATIONS.id(), ping.driverId(), json.writeValueAsBytes(ping)))
          .get();
    }
  }

  /** Reads {@code count} committed records of {@code topic} from its start. */
  private List<JsonNode> read(KafkaBrokerProcess broker, String topic, int count) {
    List<JsonNode> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "standalone-cluster-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      Await.until(
          count + " records on " + topic,
          TIMEOUT,
          () -> {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
              try {
                found.add(json.readTree(record.value()));
              } catch (java.io.IOException e) {
                throw new AssertionError("unreadable record on " + topic, e);
              }
            }
            return found.size() >= count;
          });
    }
    return found;
  }
}
