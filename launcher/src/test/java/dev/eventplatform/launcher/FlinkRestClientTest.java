package dev.eventplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventplatform.launcher.FlinkRestClient.JobOverview;
import org.junit.jupiter.api.Test;

/** Reading Flink's REST answers, as Flink 2.2 writes them. */
class FlinkRestClientTest {

  private final ObjectMapper json = new ObjectMapper();

  private JsonNode parse(String text) throws Exception {
    return json.readTree(text);
  }

  @Test
  void readsTheJobsOverview() throws Exception {
    JsonNode body =
        parse(
            "{\"jobs\":[{\"jid\":\"a1\",\"name\":\"location-ingest\",\"state\":\"RUNNING\","
                + "\"start-time\":1},{\"jid\":\"b2\",\"name\":\"surge-pricing\",\"state\":\"FAILED\"}]}");

    assertThat(FlinkRestClient.parseJobs(body))
        .containsExactly(
            new JobOverview("a1", "location-ingest", "RUNNING"),
            new JobOverview("b2", "surge-pricing", "FAILED"));
  }

  @Test
  void jarIdIsTheStoredFileName() throws Exception {
    JsonNode upload =
        parse(
            "{\"filename\":\"/tmp/flink-web/flink-web-upload/3f2a_location-ingest.jar\","
                + "\"status\":\"success\"}");

    assertThat(FlinkRestClient.jarId(upload)).isEqualTo("3f2a_location-ingest.jar");
  }

  @Test
  void errorMessageKeepsTheFirstLineAndTheDeepestCause() throws Exception {
    JsonNode body =
        parse(
            "{\"errors\":[\"Internal server error.\",\"<Exception on server side:\\n"
                + "org.apache.flink.client.program.ProgramInvocationException: The main method caused an error\\n"
                + "\\tat org.apache.flink.Foo.bar(Foo.java:1)\\n"
                + "Caused by: java.lang.IllegalArgumentException: wrapped\\n"
                + "Caused by: java.lang.IllegalArgumentException: missing required setting --bootstrap-servers\\n"
                + "\\nEnd of exception on server side>\"]}");

    assertThat(FlinkRestClient.errorMessage(body))
        .isEqualTo(
            "org.apache.flink.client.program.ProgramInvocationException: The main method caused an error"
                + " (caused by java.lang.IllegalArgumentException: missing required setting --bootstrap-servers)");
  }

  @Test
  void completedSavepointGivesItsLocation() throws Exception {
    JsonNode status =
        parse(
            "{\"status\":{\"id\":\"COMPLETED\"},"
                + "\"operation\":{\"location\":\"file:/data/flink/savepoints/savepoint-a1b2c3-0123456789ab\"}}");

    assertThat(FlinkRestClient.savepointLocation(status))
        .isEqualTo("file:/data/flink/savepoints/savepoint-a1b2c3-0123456789ab");
  }

  @Test
  void failedSavepointIsAnError() throws Exception {
    JsonNode status =
        parse(
            "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":"
                + "{\"class\":\"org.apache.flink.runtime.checkpoint.CheckpointException\","
                + "\"stack-trace\":\"Not all required tasks are currently running.\\n\\tat x\"}}}");

    assertThatThrownBy(() -> FlinkRestClient.savepointLocation(status))
        .isInstanceOf(LaunchException.class)
        .hasMessage(
            "the savepoint failed: org.apache.flink.runtime.checkpoint.CheckpointException:"
                + " Not all required tasks are currently running.");
  }
}
