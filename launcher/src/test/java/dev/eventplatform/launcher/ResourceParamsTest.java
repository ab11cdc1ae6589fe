package dev.eventplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceParamsTest {

  @Test
  void takesJvmFlagsAndDynamicPropertiesFromTheLastTwoResultLines() {
    String output =
        String.join(
            "\n",
            "WARNING: some JVM warning",
            "BASH_JAVA_UTILS_EXEC_RESULT:-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458",
            "BASH_JAVA_UTILS_EXEC_RESULT:-D taskmanager.memory.network.min=134217730b -D taskmanager.cpu.cores=8.0",
            "");

    ResourceParams params = ResourceParams.parse(output);

    assertThat(params.jvmArgs())
        .containsExactly("-Xmx536870902", "-Xms536870902", "-XX:MaxDirectMemorySize=268435458");
    assertThat(params.dynamicProperties())
        .containsExactly(
            "-D", "taskmanager.memory.network.min=134217730b", "-D", "taskmanager.cpu.cores=8.0");
  }

  @Test
  void failsClearlyWhenTheToolPrintedNoResults() {
    assertThatThrownBy(() -> ResourceParams.parse("Exception in thread main ..."))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("0 result lines");
  }
}
