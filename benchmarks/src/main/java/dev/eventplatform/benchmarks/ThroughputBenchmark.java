package dev.eventplatform.benchmarks;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.serde.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sustained throughput: the job drains a pre-loaded input. Bounded jobs run with {@code --bounded
 * true} and finish. The drain starts when the last subtask is RUNNING (deployment and state
 * initialization, which take seconds on a busy machine whatever the input, are not counted) and
 * ends with the write of the last output record (the wait for the final checkpoint that commits it
 * is not counted either). ride-matching cannot run bounded; it runs until every request has its
 * outcome.
 */
final class ThroughputBenchmark {

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

  private final JobRunner runner;

  ThroughputBenchmark(JobRunner runner) {
    this.runner = runner;
  }

  /** Drains {@code inputs} (loaded from {@code workload}) with a bounded job. */
  ThroughputResult drain(
      JobSpec spec,
      String variant,
      Workload workload,
      Map<String, String> inputs,
      int parallelism,
      List<String> extraArgs)
      throws Exception {
    long inputEvents = spec.inputs().stream().mapToLong(topic -> workload.count(topic.id())).sum();
    JobRunner.Run run =
        runner.start(spec, inputs, true, parallelism, new Configuration(), extraArgs);
    run.job().awaitEnd(RUN_TIMEOUT);
    long start = run.job().allTasksStartedAt();
    long lastWrite = 0;
    long outputRecords = 0;
    StringBuilder outputs = new StringBuilder();
    for (Map.Entry<String, String> output : run.outputs().entrySet()) {
      AtomicLong latest = new AtomicLong();
      long count =
          runner.kafka.readAll(
              output.getValue(), record -> latest.accumulateAndGet(record.timestamp(), Math::max));
      lastWrite = Math.max(lastWrite, latest.get());
      outputRecords += count;
      outputs
          .append(outputs.length() == 0 ? "" : ", ")
          .append(output.getKey())
          .append('=')
          .append(count);
    }
    long end = outputRecords > 0 ? lastWrite : run.job().finishedAt();
    return new ThroughputResult(
        spec.name(),
        variant,
        parallelism,
        inputEvents,
        end - start,
        outputRecords,
        outputs.toString());
  }

  /**
   * ride-matching: runs unbounded until every request has a match or an unmatched outcome. A tail
   * of records far ahead in event time on every input partition moves the watermark past every
   * request's wait, so requests that find no driver time out instead of waiting for ever; the
   * verdict topic's partitions are declared idle after 1 s (instead of 10 s) so they do not hold
   * the watermark back once the input is drained.
   */
  ThroughputResult drainRideMatching(
      Workload workload, Map<String, String> inputs, int parallelism, List<String> extraArgs)
      throws Exception {
    JobSpec spec = JobSpec.RIDE_MATCHING;
    long inputEvents = spec.inputs().stream().mapToLong(topic -> workload.count(topic.id())).sum();
    long requests = workload.count(Topics.RIDE_REQUESTS.id());
    List<String> args = new java.util.ArrayList<>(extraArgs);
    args.addAll(List.of("--watermark.idle-timeout", "1 s"));
    JobRunner.Run run = runner.start(spec, inputs, false, parallelism, new Configuration(), args);
    Set<String> decided = ConcurrentHashMap.newKeySet();
    AtomicLong lastWrite = new AtomicLong();
    AtomicLong outputRecords = new AtomicLong();
    String matches = run.outputs().get(Topics.RIDE_MATCHES.id());
    String unmatched = run.outputs().get(Topics.RIDE_UNMATCHED.id());
    try (var follower =
        runner.kafka.follow(
            List.of(matches, unmatched),
            record -> {
              outputRecords.incrementAndGet();
              String requestId = new String(record.key(), StandardCharsets.UTF_8);
              if (!requestId.startsWith("tail-") && decided.add(requestId)) {
                lastWrite.accumulateAndGet(record.timestamp(), Math::max);
              }
            })) {
      sendTail(workload, inputs);
      long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
      while (decided.size() < requests && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
    long start = run.job().allTasksStartedAt();
    run.job().cancel();
    if (decided.size() < requests) {
      throw new IllegalStateException(
          "ride-matching decided " + decided.size() + " of " + requests + " requests");
    }
    return new ThroughputResult(
        spec.name(),
        "",
        parallelism,
        inputEvents,
        lastWrite.get() - start,
        outputRecords.get(),
        "requests decided=" + decided.size() + " of " + requests);
  }

  /** One record a day ahead of the workload on each partition of each ride input. */
  private void sendTail(Workload workload, Map<String, String> inputs) throws Exception {
    long ts = System.currentTimeMillis() + Duration.ofDays(1).toMillis();
    var mapper = EventJson.newMapper();
    try (KafkaProducer<byte[], byte[]> producer = runner.kafka.producer()) {
      for (int partition = 0; partition < JobRunner.PARTITIONS; partition++) {
        String driver = "tail-driver-" + partition;
        send(
            producer,
            inputs,
            Topics.DRIVER_POSITIONS,
            partition,
            driver,
            mapper.writeValueAsBytes(
                new DriverPosition(driver, 0.0, 0.0, "s000000", null, false, ts)));
        send(
            producer,
            inputs,
            Topics.DRIVER_STATUS,
            partition,
            driver,
            mapper.writeValueAsBytes(
                new DriverStatus(driver, DriverState.OFFLINE, "ECONOMY", 5.0, ts)));
        send(
            producer,
            inputs,
            Topics.RIDE_REQUESTS,
            partition,
            "tail-" + partition,
            mapper.writeValueAsBytes(
                new RideRequest(
                    "tail-" + partition, "tail-rider", 0.0, 0.0, 0.01, 0.01, ts, null, null)));
      }
      producer.flush();
    }
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer,
      Map<String, String> inputs,
      Topic<?> topic,
      int partition,
      String key,
      byte[] value) {
    producer.send(
        new ProducerRecord<>(
            inputs.get(topic.id()), partition, key.getBytes(StandardCharsets.UTF_8), value));
  }
}
