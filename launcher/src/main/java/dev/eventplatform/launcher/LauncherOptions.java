package dev.eventplatform.launcher;

import dev.eventplatform.config.Settings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The options of {@code ./platform}, each with its default:
 *
 * <ul>
 *   <li>{@code --no-simulator}: start no simulator (produce your own events), default off;
 *   <li>{@code --jobs a,b}: the jobs to run, by folder name under {@code jobs/}, default every job
 *       whose jar is built;
 *   <li>{@code --rate N}: simulator events per second, default 200;
 *   <li>{@code --seed N}: simulator seed, default 42;
 *   <li>{@code --partitions N}: partitions of each topic the launcher creates, default 2;
 *   <li>{@code --parallelism N}: parallelism of each job, default 1;
 *   <li>{@code --kafka-port N}: the broker's client port, default 9092; its KRaft controller
 *       listens on {@code --kafka-controller-port}, default 9093;
 *   <li>{@code --flink-port N}: Flink's REST API and dashboard, default 8081; JobManager RPC on
 *       {@code --flink-rpc-port}, default 6123;
 *   <li>{@code --data-dir DIR}: Kafka data, checkpoints, savepoints and logs, default {@code
 *       .local} in the checkout (kept across runs).
 * </ul>
 */
public record LauncherOptions(
    boolean simulator,
    List<String> jobs,
    int rate,
    long seed,
    int partitions,
    int parallelism,
    int kafkaPort,
    int kafkaControllerPort,
    int flinkPort,
    int flinkRpcPort,
    Path dataDir) {

  private static final Set<String> KNOWN =
      Set.of(
          "no-simulator",
          "jobs",
          "rate",
          "seed",
          "partitions",
          "parallelism",
          "kafka-port",
          "kafka-controller-port",
          "flink-port",
          "flink-rpc-port",
          "data-dir",
          "help");

  /** Parses the command line; an unknown option or a bad value is a {@link LaunchException}. */
  public static LauncherOptions parse(Path defaultDataDir, String... args) {
    for (String arg : args) {
      if (arg.startsWith("--") && !KNOWN.contains(arg.substring(2))) {
        throw new LaunchException("unknown option " + arg + " (try --help)");
      }
    }
    try {
      Settings settings = Settings.fromArgs(args);
      String jobs = settings.string("jobs", "").trim();
      return new LauncherOptions(
          !settings.flag("no-simulator", false),
          jobs.isEmpty() ? List.of() : Arrays.stream(jobs.split(",")).map(String::trim).toList(),
          positive(settings, "rate", 200),
          settings.longValue("seed", 42),
          positive(settings, "partitions", 2),
          positive(settings, "parallelism", 1),
          port(settings, "kafka-port", 9092),
          port(settings, "kafka-controller-port", 9093),
          port(settings, "flink-port", 8081),
          port(settings, "flink-rpc-port", 6123),
          Path.of(settings.string("data-dir", defaultDataDir.toString()))
              .toAbsolutePath()
              .normalize());
    } catch (IllegalArgumentException e) {
      throw new LaunchException(e.getMessage() + " (try --help)", e);
    }
  }

  public static boolean wantsHelp(String... args) {
    return Arrays.asList(args).contains("--help");
  }

  public static final String USAGE =
      String.join(
          "\n",
          "usage: ./platform [options]",
          "  --no-simulator         start no simulator; produce your own events",
          "  --jobs a,b             jobs to run (folders under jobs/), default every built job",
          "  --rate N               simulator events per second (default 200)",
          "  --seed N               simulator seed (default 42)",
          "  --partitions N         partitions per topic (default 2)",
          "  --parallelism N        parallelism per job (default 1)",
          "  --kafka-port N         Kafka broker port (default 9092)",
          "  --kafka-controller-port N  KRaft controller port (default 9093)",
          "  --flink-port N         Flink REST API and dashboard port (default 8081)",
          "  --flink-rpc-port N     Flink JobManager RPC port (default 6123)",
          "  --data-dir DIR         Kafka data, checkpoints, savepoints, logs (default ./.local)",
          "  --rebuild              (./platform only) build again even if already built");

  private static int positive(Settings settings, String key, int defaultValue) {
    int value = settings.integer(key, defaultValue);
    if (value < 1) {
      throw new IllegalArgumentException(
          "setting --" + key + " is " + value + ", expected at least 1");
    }
    return value;
  }

  private static int port(Settings settings, String key, int defaultValue) {
    int value = settings.integer(key, defaultValue);
    if (value < 1 || value > 65535) {
      throw new IllegalArgumentException(
          "setting --" + key + " is " + value + ", expected a port 1-65535");
    }
    return value;
  }
}
