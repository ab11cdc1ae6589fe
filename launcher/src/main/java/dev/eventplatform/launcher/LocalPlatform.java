package dev.eventplatform.launcher;

import dev.eventplatform.kafka.Topics;
import dev.eventplatform.launcher.FlinkRestClient.JobOverview;
import dev.eventplatform.launcher.PlatformLayout.JobJar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole platform on one machine, what {@code ./platform} runs: a Kafka broker with the
 * contract's topics, a Flink session cluster with its dashboard, every job submitted over REST as a
 * user submits to their own cluster, the simulator, and a live summary until Ctrl-C, which stops
 * the jobs with a savepoint and ends every process. Options: {@link LauncherOptions}.
 */
public final class LocalPlatform {

  private static final Duration JOB_START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration SAVEPOINT_TIMEOUT = Duration.ofSeconds(60);

  private final PlatformLayout layout;
  private final LauncherOptions options;
  private final PrintStream out;
  private final long startedAt = System.nanoTime();

  // Everything started so far, so that stopping works at any point, even halfway through starting.
  private volatile KafkaBrokerProcess broker;
  private volatile FlinkClusterProcesses flink;
  private volatile ChildProcess simulator;
  private volatile LiveSummary summary;
  private final Map<String, String> jobIds = new LinkedHashMap<>();
  private boolean stopped;

  LocalPlatform(PlatformLayout layout, LauncherOptions options, PrintStream out) {
    this.layout = layout;
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) {
    if (LauncherOptions.wantsHelp(args)) {
      System.out.println(LauncherOptions.USAGE);
      return;
    }
    try {
      PlatformLayout layout = PlatformLayout.fromSystemProperty();
      LauncherOptions options = LauncherOptions.parse(layout.root().resolve(".local"), args);
      System.setProperty(
          "launcher.log.file", options.dataDir().resolve("logs/launcher.log").toString());
      LocalPlatform platform = new LocalPlatform(layout, options, System.out);
      Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "platform-shutdown"));
      platform.run();
    } catch (LaunchException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Starts everything, then shows the live summary until the JVM is asked to stop. */
  void run() {
    requireFreePorts();
    List<JobJar> jobs = chooseJobs();
    Path dataDir = options.dataDir();
    say("Starting Kafka and Flink (data and logs in " + dataDir + ")");

    // Broker and cluster do not need each other to start: start them side by side.
    CompletableFuture<KafkaBrokerProcess> brokerStart =
        CompletableFuture.supplyAsync(
            () ->
                KafkaBrokerProcess.start(
                    layout,
                    dataDir,
                    options.kafkaPort(),
                    options.kafkaControllerPort(),
                    options.partitions()));
    CompletableFuture<FlinkClusterProcesses> flinkStart =
        CompletableFuture.supplyAsync(
            () ->
                FlinkClusterProcesses.start(
                    layout, dataDir, options.flinkPort(), options.flinkRpcPort()));
    // Keep whichever started, even if the other failed, so that stop() ends it.
    CompletableFuture.allOf(brokerStart, flinkStart).exceptionally(failure -> null).join();
    if (!brokerStart.isCompletedExceptionally()) {
      broker = brokerStart.join();
    }
    if (!flinkStart.isCompletedExceptionally()) {
      flink = flinkStart.join();
    }
    broker = started(brokerStart);
    say("Kafka broker up on " + broker.bootstrapServers());
    flink = started(flinkStart);
    say("Flink cluster up: dashboard on http://localhost:" + options.flinkPort());

    broker.createTopics(Topics.ALL, options.partitions());
    say(Topics.ALL.size() + " topics ready (" + options.partitions() + " partitions each)");

    for (JobJar job : jobs) {
      try {
        submit(job);
      } catch (LaunchException e) {
        // One broken job must not keep the others from running.
        say("Could not submit " + job.name() + ": " + e.getMessage());
      }
    }
    awaitRunning();

    startSimulator();
    say("Press Ctrl-C to stop everything. Live summary follows.");
    summary =
        new LiveSummary(
            broker.bootstrapServers(),
            flink.rest(),
            out,
            "Event platform  |  Kafka "
                + broker.bootstrapServers()
                + "  |  Flink http://localhost:"
                + options.flinkPort()
                + "  |  Ctrl-C stops",
            startedAt);
    summary.run();
  }

  private void requireFreePorts() {
    Ports.requireFree(options.kafkaPort(), "Kafka", "--kafka-port");
    Ports.requireFree(options.kafkaControllerPort(), "Kafka controller", "--kafka-controller-port");
    Ports.requireFree(options.flinkPort(), "Flink dashboard", "--flink-port");
    Ports.requireFree(options.flinkRpcPort(), "Flink JobManager", "--flink-rpc-port");
  }

  private List<JobJar> chooseJobs() {
    List<JobJar> built = new ArrayList<>();
    for (JobJar job : layout.jobJars()) {
      if (job.complete()) {
        built.add(job);
      } else {
        say(
            "Skipping "
                + job.name()
                + ": "
                + job.jar().getFileName()
                + " cannot run yet, main class "
                + job.mainClass()
                + " is missing");
      }
    }
    if (options.jobs().isEmpty()) {
      if (built.isEmpty()) {
        say("No job jar is built yet (jobs/*/target): the platform starts without jobs.");
      }
      return built;
    }
    List<JobJar> chosen = new ArrayList<>();
    for (String name : options.jobs()) {
      chosen.add(
          built.stream()
              .filter(job -> job.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new LaunchException(
                          "job '"
                              + name
                              + "' is not built; built jobs: "
                              + built.stream().map(JobJar::name).toList())));
    }
    return chosen;
  }

  private void submit(JobJar job) {
    FlinkRestClient rest = flink.rest();
    String jarId = rest.uploadJar(job.jar());
    String jobId =
        rest.runJar(
            jarId,
            job.mainClass(),
            options.parallelism(),
            List.of("--bootstrap-servers", broker.bootstrapServers()),
            Optional.empty());
    synchronized (jobIds) {
      jobIds.put(job.name(), jobId);
    }
    say("Submitted " + job.name() + " (job " + jobId + ")");
  }

  private void awaitRunning() {
    if (jobIds.isEmpty()) {
      return;
    }
    Await.until(
        "every job to be RUNNING",
        JOB_START_TIMEOUT,
        () -> {
          List<JobOverview> jobs = flink.rest().jobs();
          for (JobOverview job : jobs) {
            if (jobIds.containsValue(job.id())
                && List.of("FAILED", "FAILING", "CANCELED").contains(job.state())) {
              throw new LaunchException(
                  "job "
                      + job.name()
                      + " is "
                      + job.state()
                      + ": see its exceptions on the dashboard, or "
                      + options.dataDir().resolve("logs"));
            }
          }
          return jobs.stream()
              .filter(job -> jobIds.containsValue(job.id()))
              .allMatch(job -> job.state().equals("RUNNING"));
        });
    say("All " + jobIds.size() + " jobs RUNNING: " + String.join(", ", jobIds.keySet()));
  }

  private void startSimulator() {
    if (!options.simulator()) {
      say("No simulator (--no-simulator): produce your own events to " + broker.bootstrapServers());
      return;
    }
    Optional<Path> jar = layout.simulatorJar();
    if (jar.isEmpty()) {
      say(
          "The simulator is not built (no simulator/target/simulator-*.jar): continuing without it.");
      return;
    }
    simulator =
        ChildProcess.startJar(
            "Simulator",
            jar.get(),
            List.of("-Xmx512m"),
            List.of(
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--rate",
                String.valueOf(options.rate()),
                "--domains",
                "ride,video,chat",
                "--seed",
                String.valueOf(options.seed())),
            options.dataDir().resolve("logs/simulator.log"));
    say("Simulator producing " + options.rate() + " events/s (seed " + options.seed() + ")");
  }

  /**
   * Stops everything that was started, in order: the summary, the simulator, the jobs (with a
   * savepoint each, else cancelled), the TaskManager and JobManager, the broker. Safe to call
   * twice.
   */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (broker == null && flink == null) {
      return; // nothing was started (e.g. a port was taken): the error says it all
    }
    if (summary != null) {
      summary.stop();
    }
    out.println();
    if (simulator != null) {
      say("Stopping the simulator");
      simulator.stop();
    }
    if (flink != null) {
      stopJobs();
      say("Stopping the Flink cluster");
      flink.stop();
    }
    if (broker != null) {
      say("Stopping the Kafka broker");
      broker.stop();
    }
    say(
        "Stopped. Logs: "
            + options.dataDir().resolve("logs")
            + "  Data (Kafka, checkpoints, savepoints): "
            + options.dataDir());
  }

  private void stopJobs() {
    Map<String, String> running;
    synchronized (jobIds) {
      running = new LinkedHashMap<>(jobIds);
    }
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    running.forEach(
        (name, jobId) ->
            stops.add(
                CompletableFuture.runAsync(
                    () -> {
                      try {
                        String savepoint =
                            flink
                                .rest()
                                .stopWithSavepoint(jobId, flink.savepointDir(), SAVEPOINT_TIMEOUT);
                        say("Stopped " + name + " with savepoint " + savepoint);
                      } catch (LaunchException e) {
                        say(
                            "Could not stop "
                                + name
                                + " with a savepoint ("
                                + e.getMessage()
                                + "): cancelling it");
                        try {
                          flink.rest().cancel(jobId);
                        } catch (LaunchException cancelFailed) {
                          say("Could not cancel " + name + ": " + cancelFailed.getMessage());
                        }
                      }
                    })));
    stops.forEach(CompletableFuture::join);
  }

  private void say(String message) {
    long millis = Duration.ofNanos(System.nanoTime() - startedAt).toMillis();
    out.printf("[%5.1f s] %s%n", millis / 1000.0, message);
  }

  /** Waits for a start; a failed one becomes its {@link LaunchException}. */
  private static <T> T started(CompletableFuture<T> start) {
    try {
      return start.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof LaunchException launch
          ? launch
          : new LaunchException(String.valueOf(e.getCause()), e.getCause());
    }
  }
}
