package dev.eventplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

  private static final Path DEFAULT_DATA = Path.of("/checkout/.local");

  @Test
  void defaultsRunEverythingOnTheUsualPorts() {
    LauncherOptions options = LauncherOptions.parse(DEFAULT_DATA);

    assertThat(options.simulator()).isTrue();
    assertThat(options.jobs()).isEmpty();
    assertThat(options.kafkaPort()).isEqualTo(9092);
    assertThat(options.flinkPort()).isEqualTo(8081);
    assertThat(options.partitions()).isEqualTo(2);
    assertThat(options.dataDir()).isEqualTo(DEFAULT_DATA);
  }

  @Test
  void readsFlagsListsAndNumbers() {
    LauncherOptions options =
        LauncherOptions.parse(
            DEFAULT_DATA,
            "--no-simulator",
            "--jobs",
            "location-ingest, surge-pricing",
            "--rate",
            "500",
            "--kafka-port",
            "19092",
            "--data-dir",
            "/var/platform");

    assertThat(options.simulator()).isFalse();
    assertThat(options.jobs()).containsExactly("location-ingest", "surge-pricing");
    assertThat(options.rate()).isEqualTo(500);
    assertThat(options.kafkaPort()).isEqualTo(19092);
    assertThat(options.dataDir()).isEqualTo(Path.of("/var/platform"));
  }

  @Test
  void rejectsUnknownOptionsAndBadValuesWithAOneLineMessage() {
    assertThatThrownBy(() -> LauncherOptions.parse(DEFAULT_DATA, "--kafka-prot", "1"))
        .isInstanceOf(LaunchException.class)
        .hasMessage("unknown option --kafka-prot (try --help)");
    assertThatThrownBy(() -> LauncherOptions.parse(DEFAULT_DATA, "--flink-port", "80800"))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("expected a port 1-65535");
    assertThatThrownBy(() -> LauncherOptions.parse(DEFAULT_DATA, "--rate", "fast"))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("--rate is 'fast'");
  }
}
