package dev.eventplatform.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Overload: input paced at several times what a job sustains, for minutes, then the drain of the
 * backlog it left. The job runs unbounded on fresh topics (its world, e.g. users online, loaded and
 * committed first); a {@link PacedSender} writes generated records at {@code factor} × the
 * sustainable rate while a {@link JobSampler} watches checkpoints, back pressure, heap, restarts
 * and lag through the REST API. When the input stops, the drain runs until the job's consumer group
 * has committed the end of its input: a checkpoint completed after everything was read.
 */
final class OverloadBenchmark {

  /** A job's sustainable rate, and the measurement it comes from. */
  record Sustainable(double perSecond, String from) {}

  private final JobRunner runner;
  private final List<String> jobArgs;
  private final SuiteSettings.Overload settings;

  OverloadBenchmark(JobRunner runner, List<String> jobArgs, SuiteSettings.Overload settings) {
    this.runner = runner;
    this.jobArgs = jobArgs;
    this.settings = settings;
  }

  /**
   * The throughput benchmark's drain rate of this job at this parallelism in the same run, or else
   * the drain rate of a backlog of {@code events} generated records measured now. The backlog must
   * take tens of seconds: a short drain is mostly warm-up (JIT, RocksDB) and understates the rate.
   */
  Sustainable sustainable(
      OverloadTraffic traffic, int events, int parallelism, List<ThroughputResult> measured)
      throws Exception {
    for (ThroughputResult drain : measured) {
      if (drain.job().equals(traffic.spec().name())
          && drain.parallelism() == parallelism
          && drain.variant().isEmpty()) {
        return new Sustainable(
            drain.eventsPerSecond(),
            String.format("throughput drain of %,d records", drain.inputEvents()));
      }
    }
    Workload backlog = traffic.calibration(events);
    Map<String, String> inputs =
        runner.load(backlog, "overload-calibration-" + traffic.spec().name());
    ThroughputResult drain =
        new ThroughputBenchmark(runner)
            .drain(traffic.spec(), "", backlog, inputs, parallelism, jobArgs);
    return new Sustainable(
        drain.eventsPerSecond(), String.format("drain of %,d records", drain.inputEvents()));
  }

  /**
   * Runs {@code traffic}'s job at {@code factor} × {@code sustainable}, with aligned (the shipped
   * default) or unaligned checkpoints.
   */
  OverloadResult run(
      OverloadTraffic traffic, boolean unaligned, Sustainable sustainable, int parallelism)
      throws Exception {
    JobSpec spec = traffic.spec();
    String variant = unaligned ? "unaligned" : "aligned";
    Map<String, String> world =
        runner.load(traffic.world(), "overload-" + spec.name() + "-" + variant);
    Configuration checkpoints = new Configuration();
    checkpoints.setString("execution.checkpointing.unaligned.enabled", String.valueOf(unaligned));
    JobRunner.Run run = runner.start(spec, world, false, parallelism, checkpoints, jobArgs);
    runner.awaitCaughtUp(run, world, Duration.ofMinutes(5));
    List<String> inputs = new ArrayList<>();
    spec.inputs().forEach(input -> inputs.add(run.topics().get(input.id())));
    String topic = run.topics().get(traffic.topic().id());
    double target = settings.factor() * sustainable.perSecond();

    AtomicLong failures = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    try (JobSampler sampler =
        new JobSampler(
            runner.flink.restAddress(),
            run.job().id.toString(),
            () -> runner.kafka.groupLag(run.groupId(), inputs),
            settings.sampleMs())) {
      JobSampler.Sample before = sampler.enter("overload");
      long sendStart = System.nanoTime();
      double sent;
      long count;
      try (KafkaProducer<byte[], byte[]> producer = runner.kafka.producer()) {
        AtomicLong records = new AtomicLong();
        sent =
            PacedSender.run(
                target,
                0,
                settings.heldMs(),
                (sequence, measured) -> {
                  InputRecord record = traffic.generator().next(sequence);
                  records.incrementAndGet();
                  producer.send(
                      BenchmarkKafka.record(topic, record.key(), record.value()),
                      (metadata, error) -> {
                        if (error != null) {
                          failures.incrementAndGet();
                          firstError.compareAndSet(null, error);
                        }
                      });
                });
        // Held until the broker has everything: the drain starts from a complete input.
        producer.flush();
        count = records.get();
      }
      long heldMs = (System.nanoTime() - sendStart) / 1_000_000;
      if (failures.get() > 0) {
        throw new IllegalStateException(failures.get() + " records not sent", firstError.get());
      }
      JobSampler.Sample stopped = sampler.enter("drain");
      long drainStart = System.nanoTime();
      boolean drained = runner.caughtUpWithin(run, inputs, drainTimeout());
      long drainElapsedMs = (System.nanoTime() - drainStart) / 1_000_000;
      long drainMs = drained ? drainElapsedMs : -1;
      JobSampler.Sample end = sampler.enter("end");
      run.job().cancel();
      List<JobSampler.Sample> samples = sampler.samples();
      double maxBackPressure =
          samples.stream()
              .filter(s -> s.phase().equals("overload"))
              .mapToDouble(JobSampler.Sample::backPressure)
              .max()
              .orElse(0);
      return new OverloadResult(
          spec.name(),
          variant,
          parallelism,
          sustainable.perSecond(),
          sustainable.from(),
          target,
          sent,
          count,
          heldMs,
          stopped.checkpointsCompleted() - before.checkpointsCompleted(),
          stopped.checkpointsFailed() - before.checkpointsFailed(),
          end.checkpointsCompleted() - stopped.checkpointsCompleted(),
          end.checkpointsFailed() - stopped.checkpointsFailed(),
          end.maxCheckpointMs(),
          end.maxCheckpointBytes(),
          maxBackPressure,
          samples.stream().mapToLong(JobSampler.Sample::heapUsed).max().orElse(0),
          end.heapMax(),
          end.restarts(),
          end.state(),
          stopped.lag(),
          (count - stopped.lag()) * 1000.0 / heldMs,
          (stopped.lag() - end.lag()) * 1000.0 / Math.max(1, drainElapsedMs),
          drainMs,
          samples);
    }
  }

  /**
   * Long enough for a job at its sustainable rate to work off the backlog, (factor − 1) × held,
   * twice over, plus a minute for checkpoints.
   */
  private Duration drainTimeout() {
    return Duration.ofMillis(60_000 + (long) (2 * (settings.factor() - 1) * settings.heldMs()));
  }
}
