package dev.eventplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlatformLayoutTest {

  @Test
  void theMainArtifactIsTheJarWithoutClassifier() {
    assertThat(
            PlatformLayout.isMainArtifact("location-ingest-0.1.0-SNAPSHOT.jar", "location-ingest"))
        .isTrue();
    assertThat(PlatformLayout.isMainArtifact("simulator-1.2.jar", "simulator")).isTrue();

    assertThat(
            PlatformLayout.isMainArtifact(
                "original-location-ingest-0.1.0-SNAPSHOT.jar", "location-ingest"))
        .isFalse();
    assertThat(
            PlatformLayout.isMainArtifact(
                "location-ingest-0.1.0-SNAPSHOT-shaded.jar", "location-ingest"))
        .isFalse();
    assertThat(
            PlatformLayout.isMainArtifact(
                "location-ingest-0.1.0-SNAPSHOT-tests.jar", "location-ingest"))
        .isFalse();
    assertThat(PlatformLayout.isMainArtifact("simulator-tools-1.0.jar", "simulator")).isFalse();
  }
}
