package dev.eventplatform.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Samples a running job every few seconds through the Flink REST API of the benchmark cluster, as
 * an operator watching the dashboard would: checkpoint counts and the latest checkpoint's duration
 * and size, back pressure, the TaskManager's heap, restarts, and the consumer group's lag from
 * Kafka. The TaskManager of the MiniCluster runs in the suite's JVM, so its heap is that JVM's (the
 * broker and the sender included): an upper bound of what the job uses.
 */
final class JobSampler implements AutoCloseable {

  /**
   * One sample. Checkpoint counts are totals since the job started; {@code backPressure} is the
   * highest back-pressured share of time (0–1) of any subtask; {@code lag} is records beyond the
   * committed offsets.
   */
  record Sample(
      long atMs,
      String phase,
      String state,
      long checkpointsCompleted,
      long checkpointsFailed,
      long latestCheckpointMs,
      long latestCheckpointBytes,
      long maxCheckpointMs,
      long maxCheckpointBytes,
      double backPressure,
      long heapUsed,
      long heapMax,
      long restarts,
      long lag) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();
  private final URI rest;
  private final String jobPath;
  private final LongSupplier lag;
  private final long startedAt = System.currentTimeMillis();
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile String phase = "start";
  private volatile boolean running = true;

  /** Starts sampling job {@code jobId} every {@code intervalMs}. */
  JobSampler(URI rest, String jobId, LongSupplier lag, long intervalMs) {
    this.rest = rest;
    this.jobPath = "/jobs/" + jobId;
    this.lag = lag;
    thread =
        new Thread(
            () -> {
              while (running) {
                try {
                  Thread.sleep(intervalMs);
                  sample();
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // A slow answer under load must not end the sampling; the next one may succeed.
                  if (running) {
                    BenchmarkSuite.log("sample failed: " + e);
                  }
                }
              }
            },
            "overload-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Labels the following samples, and takes one now, at the boundary. */
  Sample enter(String phase) {
    this.phase = phase;
    return sample();
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Takes a sample now, besides the periodic ones. */
  synchronized Sample sample() {
    JsonNode job = get(jobPath);
    JsonNode checkpoints = get(jobPath + "/checkpoints");
    JsonNode latest = checkpoints.path("latest").path("completed");
    double backPressure = 0;
    for (JsonNode vertex : job.path("vertices")) {
      JsonNode pressure =
          get(jobPath + "/vertices/" + vertex.path("id").asText() + "/backpressure");
      for (JsonNode subtask : pressure.path("subtasks")) {
        backPressure = Math.max(backPressure, subtask.path("ratio").asDouble());
      }
    }
    long heapUsed = 0;
    long heapMax = 0;
    for (JsonNode taskManager : get("/taskmanagers").path("taskmanagers")) {
      JsonNode heap =
          metrics(
              "/taskmanagers/" + taskManager.path("id").asText(),
              "Status.JVM.Memory.Heap.Used,Status.JVM.Memory.Heap.Max");
      heapUsed += heap.path("Status.JVM.Memory.Heap.Used").asLong();
      heapMax += heap.path("Status.JVM.Memory.Heap.Max").asLong();
    }
    Sample sample =
        new Sample(
            System.currentTimeMillis() - startedAt,
            phase,
            job.path("state").asText(),
            checkpoints.path("counts").path("completed").asLong(),
            checkpoints.path("counts").path("failed").asLong(),
            latest.path("end_to_end_duration").asLong(),
            latest.path("checkpointed_size").asLong(),
            checkpoints.path("summary").path("end_to_end_duration").path("max").asLong(),
            checkpoints.path("summary").path("checkpointed_size").path("max").asLong(),
            backPressure,
            heapUsed,
            heapMax,
            metrics(jobPath, "numRestarts").path("numRestarts").asLong(),
            lag.getAsLong());
    samples.add(sample);
    return sample;
  }

  /** Metrics by name from {@code <path>/metrics?get=...}, as an object of name → value. */
  private JsonNode metrics(String path, String names) {
    var values = mapper.createObjectNode();
    for (JsonNode metric : get(path + "/metrics?get=" + names)) {
      values.put(metric.path("id").asText(), metric.path("value").asText());
    }
    return values;
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode());
      }
      return mapper.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading " + path, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(10_000);
  }
}
