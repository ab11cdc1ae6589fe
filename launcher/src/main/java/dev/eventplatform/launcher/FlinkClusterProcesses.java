package dev.eventplatform.launcher;

import dev.eventplatform.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A real Flink session cluster on this machine, started the way Flink's {@code jobmanager.sh} and
 * {@code taskmanager.sh} start one: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and a
 * TaskManager ({@code TaskManagerRunner}) as separate JVMs on a Flink distribution's jars, reading
 * {@code flink-conf/config.yaml}. Only ports and folders are overridden, with {@code -D} dynamic
 * properties, so the same configuration serves this machine and a production cluster.
 */
public final class FlinkClusterProcesses {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER_MAIN =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";

  private final ChildProcess jobManager;
  private final ChildProcess taskManager;
  private final FlinkRestClient rest;
  private final Path savepointDir;

  private FlinkClusterProcesses(
      ChildProcess jobManager, ChildProcess taskManager, FlinkRestClient rest, Path savepointDir) {
    this.jobManager = jobManager;
    this.taskManager = taskManager;
    this.rest = rest;
    this.savepointDir = savepointDir;
  }

  /**
   * Starts the JobManager and one TaskManager, with REST and the dashboard on {@code restPort} and
   * JobManager RPC on {@code rpcPort}; returns once the TaskManager has registered its slots.
   * Checkpoints, savepoints, RocksDB files and logs go under {@code dataDir}.
   */
  public static FlinkClusterProcesses start(
      PlatformLayout layout, Path dataDir, int restPort, int rpcPort) {
    Path home = dataDir.resolve("flink");
    Path logs = dataDir.resolve("logs");
    Path confDir = layout.flinkConfDir();
    Map<String, String> overrides = overrides(home, restPort, rpcPort);
    createFolders(home);
    List<String> dynamicArgs = dynamicArgs(overrides);

    // The two resource computations are independent JVMs: run them side by side.
    CompletableFuture<ResourceParams> jmParams =
        CompletableFuture.supplyAsync(
            () -> resourceParams(layout, "GET_JM_RESOURCE_PARAMS", dynamicArgs, logs));
    CompletableFuture<ResourceParams> tmParams =
        CompletableFuture.supplyAsync(
            () -> resourceParams(layout, "GET_TM_RESOURCE_PARAMS", dynamicArgs, logs));
    List<String> javaOpts = javaOpts(confDir);

    ChildProcess jobManager =
        startProcess(
            layout,
            "Flink JobManager",
            JOB_MANAGER_MAIN,
            join(jmParams),
            javaOpts,
            dynamicArgs,
            logs.resolve("flink-jobmanager.log"),
            logs.resolve("flink-jobmanager.out"));
    ChildProcess taskManager;
    try {
      taskManager =
          startProcess(
              layout,
              "Flink TaskManager",
              TASK_MANAGER_MAIN,
              join(tmParams),
              javaOpts,
              dynamicArgs,
              logs.resolve("flink-taskmanager.log"),
              logs.resolve("flink-taskmanager.out"));
    } catch (LaunchException e) {
      jobManager.stop();
      throw e;
    }

    FlinkRestClient rest = new FlinkRestClient("http://localhost:" + restPort);
    FlinkClusterProcesses cluster =
        new FlinkClusterProcesses(jobManager, taskManager, rest, home.resolve("savepoints"));
    try {
      Await.until(
          "the Flink cluster on port " + restPort + " to register a TaskManager",
          START_TIMEOUT,
          () -> {
            jobManager.requireAlive();
            taskManager.requireAlive();
            return rest.isUp() && rest.overview().taskManagers() > 0;
          });
    } catch (LaunchException e) {
      cluster.stop();
      throw e;
    }
    return cluster;
  }

  /**
   * Ports and folders of this machine; everything else comes from {@code flink-conf/config.yaml}.
   */
  static Map<String, String> overrides(Path home, int restPort, int rpcPort) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("rest.port", String.valueOf(restPort));
    overrides.put("jobmanager.rpc.port", String.valueOf(rpcPort));
    overrides.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
    overrides.put(
        "execution.checkpointing.savepoint-dir", home.resolve("savepoints").toUri().toString());
    overrides.put("state.backend.rocksdb.localdir", home.resolve("rocksdb").toString());
    overrides.put("io.tmp.dirs", home.resolve("tmp").toString());
    overrides.put("web.upload.dir", home.resolve("uploads").toString());
    return overrides;
  }

  private static void createFolders(Path home) {
    try {
      for (String folder : List.of("checkpoints", "savepoints", "rocksdb", "tmp", "uploads")) {
        Files.createDirectories(home.resolve(folder));
      }
    } catch (IOException e) {
      throw new LaunchException(
          "cannot create Flink's folders in " + home + ": " + e.getMessage(), e);
    }
  }

  static List<String> dynamicArgs(Map<String, String> properties) {
    List<String> args = new ArrayList<>();
    properties.forEach(
        (key, value) -> {
          args.add("-D");
          args.add(key + "=" + value);
        });
    return args;
  }

  /** {@code env.java.opts.all} of config.yaml: the JVM flags every Flink process needs. */
  static List<String> javaOpts(Path confDir) {
    String opts =
        Settings.fromArgs("--config", confDir.resolve("config.yaml").toString())
            .string("env.java.opts.all", "")
            .trim();
    return opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
  }

  private static ResourceParams resourceParams(
      PlatformLayout layout, String command, List<String> dynamicArgs, Path logs) {
    List<String> args =
        new ArrayList<>(List.of(command, "--configDir", layout.flinkConfDir().toString()));
    args.addAll(dynamicArgs);
    String output =
        ChildProcess.runJava(
            "Flink " + command,
            layout.flinkClasspath(),
            List.of(
                "-Dlog4j.configurationFile="
                    + layout.flinkConfDir().resolve("log4j-console.properties").toUri()),
            BASH_JAVA_UTILS,
            args,
            logs.resolve("flink-resource-params.log"));
    return ResourceParams.parse(output);
  }

  private static ChildProcess startProcess(
      PlatformLayout layout,
      String name,
      String mainClass,
      ResourceParams params,
      List<String> javaOpts,
      List<String> dynamicArgs,
      Path logFile,
      Path outFile) {
    List<String> jvmArgs = new ArrayList<>(params.jvmArgs());
    jvmArgs.addAll(javaOpts);
    // log.file is also where the dashboard's "Logs" tab reads from.
    jvmArgs.add("-Dlog.file=" + logFile);
    jvmArgs.add(
        "-Dlog4j.configurationFile=" + layout.flinkConfDir().resolve("log4j.properties").toUri());
    List<String> args = new ArrayList<>(List.of("--configDir", layout.flinkConfDir().toString()));
    args.addAll(dynamicArgs);
    args.addAll(params.dynamicProperties());
    return ChildProcess.startJava(name, layout.flinkClasspath(), jvmArgs, mainClass, args, outFile)
        .diagnosedBy(logFile);
  }

  private static ResourceParams join(CompletableFuture<ResourceParams> params) {
    try {
      return params.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof LaunchException launch ? launch : e;
    }
  }

  public FlinkRestClient rest() {
    return rest;
  }

  public Path savepointDir() {
    return savepointDir;
  }

  public List<ChildProcess> processes() {
    return List.of(jobManager, taskManager);
  }

  /** Stops the TaskManager, then the JobManager. */
  public void stop() {
    taskManager.stop();
    jobManager.stop();
  }
}
