package dev.eventplatform.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The part of Flink's REST API a user needs to run jobs on a session cluster: upload a jar, run it
 * (optionally from a savepoint), list jobs, stop one with a savepoint, cancel one. Plain HTTP and
 * JSON, so the same calls work against any Flink cluster.
 */
public final class FlinkRestClient {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param baseUrl e.g. {@code http://localhost:8081}
   */
  public FlinkRestClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The cluster's {@code /overview}: TaskManagers, slots and jobs per state. */
  public record Overview(int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning) {}

  /** One line of {@code /jobs/overview}. */
  public record JobOverview(String id, String name, String state) {}

  /** True when the REST endpoint answers at all. */
  public boolean isUp() {
    try {
      send(HttpRequest.newBuilder(uri("/config")).GET());
      return true;
    } catch (LaunchException e) {
      return false;
    }
  }

  public Overview overview() {
    JsonNode overview = send(HttpRequest.newBuilder(uri("/overview")).GET());
    return new Overview(
        overview.path("taskmanagers").asInt(),
        overview.path("slots-total").asInt(),
        overview.path("slots-available").asInt(),
        overview.path("jobs-running").asInt());
  }

  public List<JobOverview> jobs() {
    return parseJobs(send(HttpRequest.newBuilder(uri("/jobs/overview")).GET()));
  }

  static List<JobOverview> parseJobs(JsonNode body) {
    List<JobOverview> jobs = new ArrayList<>();
    for (JsonNode job : body.path("jobs")) {
      jobs.add(
          new JobOverview(
              job.path("jid").asText(), job.path("name").asText(), job.path("state").asText()));
    }
    return jobs;
  }

  /** Uploads a jar ({@code POST /jars/upload}) and returns its id on the cluster. */
  public String uploadJar(Path jar) {
    String boundary = "----event-platform-" + UUID.randomUUID();
    byte[] body;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(
          ("--"
                  + boundary
                  + "\r\n"
                  + "Content-Disposition: form-data; name=\"jarfile\"; filename=\""
                  + jar.getFileName()
                  + "\"\r\n"
                  + "Content-Type: application/x-java-archive\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(Files.readAllBytes(jar));
      out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      body = out.toByteArray();
    } catch (IOException e) {
      throw new LaunchException("cannot read " + jar + ": " + e.getMessage(), e);
    }
    JsonNode answer =
        send(
            HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    return jarId(answer);
  }

  /** The id of an uploaded jar is the file name the cluster stored it under. */
  static String jarId(JsonNode uploadAnswer) {
    String stored = uploadAnswer.path("filename").asText("");
    if (stored.isEmpty()) {
      throw new LaunchException("Flink did not accept the jar: " + uploadAnswer);
    }
    return Path.of(stored).getFileName().toString();
  }

  /**
   * Runs an uploaded jar ({@code POST /jars/<id>/run}) and returns the new job's id.
   *
   * @param savepoint a savepoint (or retained checkpoint) to restore from, or empty for a fresh
   *     start
   */
  public String runJar(
      String jarId,
      String entryClass,
      int parallelism,
      List<String> programArgs,
      Optional<String> savepoint) {
    ObjectNode request = json.createObjectNode();
    request.put("entryClass", entryClass);
    request.put("parallelism", parallelism);
    programArgs.forEach(request.putArray("programArgsList")::add);
    savepoint.ifPresent(path -> request.put("savepointPath", path));
    JsonNode answer = send(jsonRequest("/jars/" + jarId + "/run").POST(body(request)));
    return answer.path("jobid").asText();
  }

  /**
   * Stops a job with a savepoint ({@code POST /jobs/<id>/stop}): sources stop, a final savepoint is
   * taken (exactly-once Kafka outputs commit with it) and the job finishes. Returns the savepoint's
   * location once written.
   */
  public String stopWithSavepoint(String jobId, Path targetDirectory, Duration timeout) {
    ObjectNode request = json.createObjectNode();
    request.put("targetDirectory", targetDirectory.toUri().toString());
    request.put("drain", false);
    String triggerId =
        send(jsonRequest("/jobs/" + jobId + "/stop").POST(body(request)))
            .path("request-id")
            .asText();
    String[] location = new String[1];
    Await.until(
        "the savepoint of job " + jobId,
        timeout,
        () -> {
          JsonNode status =
              send(
                  HttpRequest.newBuilder(uri("/jobs/" + jobId + "/savepoints/" + triggerId)).GET());
          if (!"COMPLETED".equals(status.path("status").path("id").asText())) {
            return false;
          }
          location[0] = savepointLocation(status);
          return true;
        });
    return location[0];
  }

  /** The location in a completed savepoint operation, or its failure as an exception. */
  static String savepointLocation(JsonNode status) {
    JsonNode operation = status.path("operation");
    if (operation.has("failure-cause")) {
      throw new LaunchException(
          "the savepoint failed: "
              + operation.path("failure-cause").path("class").asText()
              + ": "
              + firstLine(operation.path("failure-cause").path("stack-trace").asText()));
    }
    return operation.path("location").asText();
  }

  /** Cancels a job without a savepoint ({@code PATCH /jobs/<id>}). */
  public void cancel(String jobId) {
    send(
        HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody()));
  }

  private HttpRequest.Builder jsonRequest(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
  }

  private HttpRequest.BodyPublisher body(JsonNode request) {
    return HttpRequest.BodyPublishers.ofString(request.toString());
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response =
          http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new LaunchException("Flink at " + baseUrl + " does not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while calling Flink at " + baseUrl, e);
    }
    JsonNode body = readJson(response.body());
    if (response.statusCode() >= 400) {
      throw new LaunchException(
          "Flink answered " + response.statusCode() + ": " + errorMessage(body));
    }
    return body;
  }

  private JsonNode readJson(String text) {
    try {
      return text.isBlank() ? json.createObjectNode() : json.readTree(text);
    } catch (IOException e) {
      return json.createObjectNode().put("text", text);
    }
  }

  /**
   * Flink reports errors as {@code {"errors": [...]}}, the last often a whole stack trace of the
   * job's {@code main}: the readable part is each error's first line and the deepest "Caused by".
   */
  static String errorMessage(JsonNode body) {
    List<String> messages = new ArrayList<>();
    for (JsonNode error : body.path("errors")) {
      String text = error.asText();
      String first = null;
      String cause = null;
      for (String line : text.split("\\R")) {
        if (first == null && !line.isBlank() && !line.startsWith("<")) {
          first = line.strip();
        }
        if (line.startsWith("Caused by: ")) {
          cause = line.substring("Caused by: ".length()).strip();
        }
      }
      if (first != null && !first.equals("Internal server error.")) {
        messages.add(
            cause != null && !cause.equals(first) ? first + " (caused by " + cause + ")" : first);
      } else if (cause != null) {
        messages.add(cause);
      }
    }
    return messages.isEmpty() ? body.toString() : String.join("; ", messages);
  }

  private static String firstLine(String text) {
    String trimmed = text.strip();
    int end = trimmed.indexOf('\n');
    return end < 0 ? trimmed : trimmed.substring(0, end).strip();
  }
}
