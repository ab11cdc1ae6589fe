package dev.eventplatform.benchmarks;

import dev.eventplatform.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the benchmark suite on this machine: an in-process Kafka broker, a RocksDB MiniCluster with
 * checkpoints, every job's own {@code main}, and the passthrough baseline in the same run. Writes
 * {@code results.md}, {@code results.csv}, {@code throughput.png} and {@code overload-samples.csv}
 * to a results folder.
 *
 * <pre>
 * BenchmarkSuite [--full | --smoke] [--out DIR]
 *                [--only throughput,latency,scale,catalog,micro,overload]
 *                [--events N] [--scale-drivers N] [--scale-profiles N] [--ride-rate N] [--chat-rate N]
 *                [--overload-factor K] [--overload-minutes M]
 * </pre>
 */
public final class BenchmarkSuite {

  static final List<String> BENCHMARKS =
      List.of("throughput", "latency", "scale", "catalog", "micro", "overload");

  /** Simulated time of generated workloads starts here (a fixed instant, so runs are alike). */
  private static final long WORKLOAD_START = 1_767_261_600_000L; // 2026-01-01T10:00:00Z

  private BenchmarkSuite() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    List<String> list = Arrays.asList(args);
    SuiteSettings defaults = list.contains("--full") ? SuiteSettings.FULL : SuiteSettings.SMOKE;
    SuiteSettings settings =
        defaults
            .withSizes(
                Integer.parseInt(
                    option(list, "--events", String.valueOf(defaults.throughputEvents()))),
                Integer.parseInt(
                    option(list, "--scale-drivers", String.valueOf(defaults.scaleDrivers()))),
                Integer.parseInt(
                    option(list, "--scale-profiles", String.valueOf(defaults.scaleProfiles()))))
            .withRates(
                Double.parseDouble(
                    option(list, "--ride-rate", String.valueOf(defaults.rideRequestsPerSecond()))),
                Double.parseDouble(
                    option(list, "--chat-rate", String.valueOf(defaults.chatMessagesPerSecond()))))
            .withOverload(
                Double.parseDouble(
                    option(
                        list, "--overload-factor", String.valueOf(defaults.overload().factor()))),
                (long)
                    (60_000
                        * Double.parseDouble(
                            option(
                                list,
                                "--overload-minutes",
                                String.valueOf(defaults.overload().heldMs() / 60_000.0)))));
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss"));
    Path out =
        Path.of(option(list, "--out", "benchmarks/results/" + stamp + "-" + settings.mode()));
    Set<String> only =
        new LinkedHashSet<>(
            Arrays.asList(option(list, "--only", String.join(",", BENCHMARKS)).split(",")));
    Results results = run(settings, only, stamp, out);
    Report.write(results, out);
    System.out.println(Report.markdown(results));
    System.out.println("Results written to " + out.toAbsolutePath());
    System.exit(results.failures.isEmpty() ? 0 : 1);
  }

  /** Runs the chosen benchmarks; a benchmark that fails is recorded and the others still run. */
  static Results run(SuiteSettings settings, Set<String> only, String stamp, Path out)
      throws Exception {
    long started = System.nanoTime();
    Map<String, String> machine = Machine.describe();
    machine.put("mode", settings.mode() + " (" + String.join(", ", only) + ")");
    Results results = new Results(settings, out, machine, stamp, Machine.loadAverage());
    Path work = Files.createTempDirectory(Path.of("/tmp"), "benchmarks-");
    try (BenchmarkKafka kafka = BenchmarkKafka.start();
        BenchmarkCluster flink = BenchmarkCluster.start(work)) {
      JobRunner runner = new JobRunner(kafka, flink);
      if (only.contains("micro")) {
        attempt(
            results,
            "micro",
            () ->
                results.micro.addAll(
                    List.of(ParseVersusGeohash.measure(settings.microRoundMs(), 5))));
      }
      if (only.contains("throughput")) {
        throughput(settings, runner, results);
      }
      if (only.contains("latency")) {
        latency(settings, runner, results);
      }
      if (only.contains("catalog")) {
        catalog(settings, runner, results);
      }
      if (only.contains("scale")) {
        scale(settings, runner, results);
      }
      if (only.contains("overload")) {
        overload(settings, runner, results);
      }
    }
    results.loadAtEnd = Machine.loadAverage();
    results.elapsedMs = (System.nanoTime() - started) / 1_000_000;
    return results;
  }

  private static void throughput(SuiteSettings settings, JobRunner runner, Results results)
      throws Exception {
    ThroughputBenchmark benchmark = new ThroughputBenchmark(runner);
    List<String> args = settings.commonArgs();
    log("generating and loading " + settings.throughputEvents() + " events per domain");
    Workload ride = SimulatedInput.ride(settings.throughputEvents(), WORKLOAD_START);
    Map<String, String> rideTopics = runner.load(ride, "throughput-ride");
    log("loaded ride: " + ride.describe());
    Workload video =
        settings.everyJob()
            ? SimulatedInput.of("video", settings.throughputEvents(), WORKLOAD_START)
            : new Workload();
    Map<String, String> videoTopics =
        settings.everyJob() ? runner.load(video, "throughput-video") : Map.of();
    Workload chat =
        settings.everyJob()
            ? SimulatedInput.of("chat", settings.chatThroughputEvents(), WORKLOAD_START)
            : new Workload();
    Map<String, String> chatTopics =
        settings.everyJob() ? runner.load(chat, "throughput-chat") : Map.of();
    log("loaded video: " + video.describe() + "; chat: " + chat.describe());
    for (int p : settings.parallelisms()) {
      attempt(
          results,
          "passthrough p" + p,
          () ->
              results.throughput.add(
                  benchmark.drain(JobSpec.PASSTHROUGH, "", ride, rideTopics, p, args)));
      attempt(
          results,
          "location-ingest p" + p,
          () ->
              results.throughput.add(
                  benchmark.drain(JobSpec.LOCATION_INGEST, "", ride, rideTopics, p, args)));
      if (settings.everyJob()) {
        attempt(
            results,
            "surge-pricing p" + p,
            () ->
                results.throughput.add(
                    benchmark.drain(JobSpec.SURGE_PRICING, "", ride, rideTopics, p, args)));
        attempt(
            results,
            "viewing-analytics p" + p,
            () ->
                results.throughput.add(
                    benchmark.drain(JobSpec.VIEWING_ANALYTICS, "", video, videoTopics, p, args)));
        attempt(
            results,
            "message-routing p" + p,
            () ->
                results.throughput.add(
                    benchmark.drain(JobSpec.MESSAGE_ROUTING, "", chat, chatTopics, p, args)));
      }
    }
    // Last of the ride runs: it appends a tail of far-future records to the shared ride topics.
    for (int p : settings.parallelisms()) {
      attempt(
          results,
          "ride-matching p" + p,
          () -> results.throughput.add(benchmark.drainRideMatching(ride, rideTopics, p, args)));
    }
  }

  private static void latency(SuiteSettings settings, JobRunner runner, Results results) {
    LatencyBenchmark benchmark = new LatencyBenchmark(runner, settings.commonArgs());
    int p = settings.parallelisms()[settings.parallelisms().length - 1];
    attempt(
        results,
        "ride-matching latency",
        () ->
            results.latency.add(
                benchmark.rideMatching(
                    settings.rideDrivers(),
                    settings.rideMovesPerSecond(),
                    new LatencyBenchmark.Pace(
                        settings.rideRequestsPerSecond(),
                        settings.latencyWarmupMs(),
                        settings.latencyMeasuredMs()),
                    p)));
    attempt(
        results,
        "message-routing latency",
        () ->
            results.latency.add(
                benchmark.messageRouting(
                    settings.chatUsers(),
                    new LatencyBenchmark.Pace(
                        settings.chatMessagesPerSecond(),
                        settings.latencyWarmupMs(),
                        settings.latencyMeasuredMs()),
                    p)));
  }

  private static void catalog(SuiteSettings settings, JobRunner runner, Results results) {
    ThroughputBenchmark benchmark = new ThroughputBenchmark(runner);
    for (int titles : settings.catalogSizes()) {
      attempt(
          results,
          "catalog " + titles,
          () -> {
            int views = settings.catalogViews();
            Workload workload =
                ScaleInput.viewing(titles, views / 2, views, WORKLOAD_START, 10 * 60_000);
            Map<String, String> topics = runner.load(workload, "catalog-" + titles);
            ThroughputResult drained =
                benchmark.drain(
                    JobSpec.VIEWING_ANALYTICS,
                    String.format("%,d", titles),
                    workload,
                    topics,
                    1,
                    settings.commonArgs());
            results.catalog.add(drained);
          });
    }
  }

  private static void scale(SuiteSettings settings, JobRunner runner, Results results) {
    ScaleBenchmark benchmark = new ScaleBenchmark(runner, settings.commonArgs());
    int p = settings.parallelisms()[settings.parallelisms().length - 1];
    attempt(
        results,
        "scale location-ingest",
        () -> {
          int drivers = settings.scaleDrivers();
          Workload population = ScaleInput.driverPings(drivers, WORKLOAD_START, 4_000);
          results.scale.add(
              benchmark.measure(
                  JobSpec.LOCATION_INGEST,
                  "live drivers",
                  drivers,
                  population,
                  ScaleBenchmark.pingsAfter(WORKLOAD_START + 4_000),
                  Topics.DRIVER_POSITIONS,
                  p));
        });
    if (!settings.everyJob()) {
      return;
    }
    attempt(
        results,
        "scale viewing-analytics",
        () -> {
          int profiles = settings.scaleProfiles();
          Workload population =
              ScaleInput.viewing(1_000, profiles, profiles, WORKLOAD_START, 60_000);
          // Views 6 minutes on close the first 5-minute trending slide: its lists are the first
          // output.
          Workload nudge = new Workload();
          ScaleInput.viewing(1_000, 2, 2, WORKLOAD_START + 6 * 60_000, 30_000).records().stream()
              .filter(record -> record.topicId().equals(Topics.VIEWING_EVENTS.id()))
              .forEach(nudge::add);
          results.scale.add(
              benchmark.measure(
                  JobSpec.VIEWING_ANALYTICS,
                  "viewer profiles",
                  profiles,
                  population,
                  nudge,
                  Topics.TRENDING,
                  p));
        });
  }

  /**
   * location-ingest (the highest-volume job) and, with every job, message-routing (the slowest
   * against the passthrough), at parallelism 1: on two cores a job at parallelism 1 leaves the
   * other core to the broker and the sender, so several times its rate can really be sent.
   */
  private static void overload(SuiteSettings settings, JobRunner runner, Results results) {
    SuiteSettings.Overload overload = settings.overload();
    OverloadBenchmark benchmark = new OverloadBenchmark(runner, settings.commonArgs(), overload);
    List<OverloadTraffic> traffic = new ArrayList<>();
    traffic.add(OverloadTraffic.driverPings(10_000, WORKLOAD_START));
    if (settings.everyJob()) {
      traffic.add(OverloadTraffic.chat(settings.chatUsers()));
    }
    int p = 1;
    for (OverloadTraffic job : traffic) {
      String name = "overload " + job.spec().name();
      // The messenger's backlog is smaller, as in the throughput benchmark: it drains slower.
      int backlog =
          job.spec() == JobSpec.MESSAGE_ROUTING
              ? Math.min(overload.calibrationEvents(), settings.chatThroughputEvents())
              : overload.calibrationEvents();
      AtomicReference<OverloadBenchmark.Sustainable> sustainable = new AtomicReference<>();
      attempt(
          results,
          name + " sustainable rate",
          () -> sustainable.set(benchmark.sustainable(job, backlog, p, results.throughput)));
      if (sustainable.get() == null) {
        continue;
      }
      log(name + " sustains " + Report.fmt(sustainable.get().perSecond(), 0) + "/s");
      for (boolean unaligned :
          overload.compareUnaligned() ? new boolean[] {false, true} : new boolean[] {false}) {
        attempt(
            results,
            name + (unaligned ? " unaligned" : " aligned"),
            () -> results.overload.add(benchmark.run(job, unaligned, sustainable.get(), p)));
      }
    }
  }

  private interface Benchmark {
    void run() throws Exception;
  }

  private static void attempt(Results results, String name, Benchmark benchmark) {
    log("running " + name);
    long start = System.nanoTime();
    try {
      benchmark.run();
      log("done " + name + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
      results.loadAtEnd = Machine.loadAverage() + " (after " + name + ")";
      Report.write(results, results.out);
    } catch (Exception | AssertionError e) {
      log("FAILED " + name + ": " + e);
      e.printStackTrace();
      results.failures.add(name + ": " + e);
    }
  }

  private static String option(List<String> args, String name, String fallback) {
    int at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : fallback;
  }

  static void log(String message) {
    System.out.println(
        "[benchmarks "
            + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME)
            + "] "
            + message);
  }
}
