package dev.eventplatform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventplatform.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir Path dir;

  @Test
  void readsKeyValueArgumentsAndBareFlags() {
    Settings settings =
        Settings.fromArgs("--bootstrap-servers", "kafka:9092", "--bounded", "--driver-ttl", "90s");

    assertThat(settings.required("bootstrap-servers")).isEqualTo("kafka:9092");
    assertThat(settings.flag("bounded", false)).isTrue();
    assertThat(settings.duration("driver-ttl", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.duration("absent", Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void argumentsOverrideAYamlFileWhoseNestedKeysAreDotted() throws IOException {
    Path file = dir.resolve("job.yaml");
    Files.writeString(
        file,
        """
        bootstrap-servers: from-file:9092
        kafka:
          security.protocol: SASL_SSL
        topic:
          driver-locations: pings-v2
        watermark:
          idle-timeout: 1 min
        """);

    Settings settings =
        Settings.fromArgs("--config", file.toString(), "--bootstrap-servers", "from-args:9092");

    assertThat(settings.required("bootstrap-servers")).isEqualTo("from-args:9092");
    assertThat(settings.withPrefix("kafka"))
        .containsExactly(Map.entry("security.protocol", "SASL_SSL"));
    assertThat(settings.duration("watermark.idle-timeout", null)).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.string("topic.driver-locations", null)).isEqualTo("pings-v2");
  }

  @Test
  void readsAPropertiesFile() throws IOException {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "bootstrap-servers=props:9092\nmax-speed-kmh=180\n");

    Settings settings = Settings.fromArgs("--config", file.toString());

    assertThat(settings.decimal("max-speed-kmh", 0)).isEqualTo(180.0);
  }

  @Test
  void aBadValueNamesTheSettingAndWhatWasExpected() {
    Settings settings = Settings.fromArgs("--driver-ttl", "soon");

    assertThatThrownBy(() -> settings.duration("driver-ttl", Duration.ZERO))
        .hasMessageContaining("--driver-ttl")
        .hasMessageContaining("'soon'")
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> settings.required("bootstrap-servers"))
        .hasMessage("missing required setting --bootstrap-servers");
    assertThatThrownBy(() -> Settings.fromArgs("bootstrap-servers", "x"))
        .hasMessageContaining("expected --key value");
  }

  @Test
  void platformConfigHasDocumentedDefaults() {
    PlatformConfig config =
        PlatformConfig.from(Settings.fromArgs("--bootstrap-servers", "k:9092"), "my-job");

    assertThat(config.jobName()).isEqualTo("my-job");
    assertThat(config.groupId()).isEqualTo("my-job");
    assertThat(config.transactionalIdPrefix()).isEqualTo("my-job");
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.bounded()).isFalse();
    assertThat(config.topicName(Topics.DRIVER_LOCATIONS)).isEqualTo("driver-locations");
    assertThat(config.guaranteeFor(Topics.DRIVER_POSITIONS))
        .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(config.guaranteeFor(Topics.RIDE_MATCHES)).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
  }

  @Test
  void topicNamesGuaranteesAndKafkaPropertiesAreConfigurable() {
    PlatformConfig config =
        PlatformConfig.from(
            Settings.fromArgs(
                "--bootstrap-servers", "k:9092",
                "--topic.driver-locations", "pings-v2",
                "--delivery-guarantee", "at-least-once",
                "--delivery-guarantee.ride-matches", "exactly-once",
                "--kafka.security.protocol", "SASL_SSL",
                "--kafka.sasl.mechanism", "PLAIN"),
            "my-job");

    assertThat(config.topicName(Topics.DRIVER_LOCATIONS)).isEqualTo("pings-v2");
    assertThat(config.guaranteeFor(Topics.DRIVER_POSITIONS))
        .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    assertThat(config.guaranteeFor(Topics.RIDE_MATCHES)).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(config.kafkaProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN");
  }
}
