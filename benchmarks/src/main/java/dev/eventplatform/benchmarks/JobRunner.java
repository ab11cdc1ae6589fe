package dev.eventplatform.benchmarks;

import dev.eventplatform.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Loads workloads into Kafka and runs jobs against them. Every run gets its own output topics,
 * consumer group and transactional ids, so runs over one loaded input never see each other.
 */
final class JobRunner {

  static final int PARTITIONS = BenchmarkCluster.SLOTS;

  final BenchmarkKafka kafka;
  final BenchmarkCluster flink;
  private int runs;

  JobRunner(BenchmarkKafka kafka, BenchmarkCluster flink) {
    this.kafka = kafka;
    this.flink = flink;
  }

  /** Creates a topic per contract topic of the workload, named {@code <id>-<tag>}, and loads it. */
  Map<String, String> load(Workload workload, String tag) {
    Map<String, String> names = new LinkedHashMap<>();
    for (InputRecord record : workload.records()) {
      names.computeIfAbsent(record.topicId(), id -> id + "-" + tag);
    }
    kafka.createTopics(PARTITIONS, new ArrayList<>(names.values()));
    send(workload, names);
    return names;
  }

  /** Sends records to already-created topics and waits until the broker has them all. */
  void send(Workload workload, Map<String, String> names) {
    AtomicLong failures = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
      for (InputRecord record : workload.records()) {
        producer.send(
            BenchmarkKafka.record(names.get(record.topicId()), record.key(), record.value()),
            (metadata, error) -> {
              if (error != null) {
                failures.incrementAndGet();
                firstError.compareAndSet(null, error);
              }
            });
      }
      producer.flush();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(
          failures.get() + " records could not be loaded", firstError.get());
    }
  }

  /**
   * A job started by {@link #start}: the names of the topics it writes ({@code outputs}) and of
   * every topic it uses ({@code topics}), by contract id.
   */
  record Run(
      BenchmarkCluster.RunningJob job,
      Map<String, String> outputs,
      Map<String, String> topics,
      String groupId) {}

  /**
   * Starts {@code spec}'s main on the loaded {@code inputs} with fresh output topics, {@code
   * --bounded} or not. Inputs the workload does not have get an empty topic.
   */
  Run start(
      JobSpec spec,
      Map<String, String> inputs,
      boolean bounded,
      int parallelism,
      Configuration jobSettings,
      List<String> extraArgs)
      throws Exception {
    String tag = spec.name() + "-" + (++runs) + "-p" + parallelism;
    Map<String, String> topicNames = new LinkedHashMap<>();
    List<String> toCreate = new ArrayList<>();
    for (Topic<?> input : spec.inputs()) {
      String name = inputs.get(input.id());
      if (name == null) {
        name = input.id() + "-" + tag;
        toCreate.add(name);
      }
      topicNames.put(input.id(), name);
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Topic<?> topic : concat(spec.outputs(), spec.internal())) {
      String name = topic.id() + "-" + tag;
      outputs.put(topic.id(), name);
      topicNames.put(topic.id(), name);
      toCreate.add(name);
    }
    kafka.createTopics(PARTITIONS, toCreate);

    List<String> args = new ArrayList<>();
    args.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers()));
    args.addAll(List.of("--group-id", tag, "--transactional-id-prefix", tag));
    if (bounded) {
      args.addAll(List.of("--bounded", "true"));
    }
    topicNames.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    args.addAll(extraArgs);
    BenchmarkCluster.RunningJob job =
        flink.submit(
            spec.name(), spec.main(), args.toArray(String[]::new), parallelism, jobSettings);
    return new Run(job, outputs, topicNames, tag);
  }

  /**
   * Waits until the run's consumer group has committed the end of every topic in {@code inputs}: a
   * completed checkpoint then covers all of it.
   */
  void awaitCaughtUp(Run run, Map<String, String> inputs, Duration timeout)
      throws InterruptedException {
    if (!caughtUpWithin(run, new ArrayList<>(inputs.values()), timeout)) {
      throw new IllegalStateException(
          run.groupId() + " did not catch up with its input in " + timeout);
    }
  }

  /** Whether the run's consumer group commits the end of {@code topics} within {@code timeout}. */
  boolean caughtUpWithin(Run run, List<String> topics, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!kafka.groupCaughtUp(run.groupId(), topics)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(250);
    }
    return true;
  }

  private static List<Topic<?>> concat(List<Topic<?>> a, List<Topic<?>> b) {
    List<Topic<?>> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
