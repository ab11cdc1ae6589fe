package dev.eventplatform.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Java program the launcher started as a separate process, with its output in a log file. Every
 * part of the platform runs this way (broker, JobManager, TaskManager, simulator), exactly as it
 * would on its own machine.
 */
public final class ChildProcess {

  private static final long GRACE_SECONDS = 20;

  private final String name;
  private final Process process;
  private final Path log;
  private final Path diagnostics;

  private ChildProcess(String name, Process process, Path log, Path diagnostics) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.diagnostics = diagnostics;
  }

  /**
   * The same process, with {@code file} as the log to quote when it dies (for programs that write
   * their real log elsewhere than their output).
   */
  public ChildProcess diagnosedBy(Path file) {
    return new ChildProcess(name, process, log, file);
  }

  /**
   * Starts {@code java <jvmArgs> -cp <classpath> <mainClass> <args>} with stdout and stderr
   * appended to {@code log}.
   */
  public static ChildProcess startJava(
      String name,
      List<Path> classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Path log) {
    return start(name, javaCommand(classpath, jvmArgs, mainClass, args), log);
  }

  /** Starts an executable jar: {@code java <jvmArgs> -jar <jar> <args>}. */
  public static ChildProcess startJar(
      String name, Path jar, List<String> jvmArgs, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return start(name, command, log);
  }

  /**
   * Runs a short-lived Java tool to its end and returns its stdout; its stderr goes to {@code log}.
   */
  public static String runJava(
      String name,
      List<Path> classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Path log) {
    List<String> command = javaCommand(classpath, jvmArgs, mainClass, args);
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new LaunchException(
            name + " failed (exit code " + process.exitValue() + "); see " + log);
      }
      return out;
    } catch (IOException e) {
      throw new LaunchException("cannot run " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while running " + name, e);
    }
  }

  private static List<String> javaCommand(
      List<Path> classpath, List<String> jvmArgs, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpathOf(classpath));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  private static ChildProcess start(String name, List<String> command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      process.getOutputStream().close();
      return new ChildProcess(name, process, log, log);
    } catch (IOException e) {
      throw new LaunchException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** The java of the JVM running the launcher: children run on the same Java. */
  static Path javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (!Files.isExecutable(java)) {
      throw new LaunchException(
          "cannot find the java executable at " + java + ": install a JDK 17+");
    }
    return java;
  }

  /** Every jar in each folder, like {@code dir/*}; a missing folder means the build did not run. */
  static String classpathOf(List<Path> entries) {
    List<String> parts = new ArrayList<>();
    for (Path entry : entries) {
      if (Files.isDirectory(entry)) {
        try (Stream<Path> jars = Files.list(entry)) {
          parts.addAll(
              jars.filter(jar -> jar.toString().endsWith(".jar"))
                  .sorted()
                  .map(Path::toString)
                  .collect(Collectors.toList()));
        } catch (IOException e) {
          throw new LaunchException("cannot list " + entry + ": " + e.getMessage(), e);
        }
      } else if (Files.isRegularFile(entry)) {
        parts.add(entry.toString());
      } else {
        throw new LaunchException(
            entry + " is missing: build first (./platform builds what it needs)");
      }
    }
    return String.join(java.io.File.pathSeparator, parts);
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Fails with the end of the log when the process has already died. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new LaunchException(
          name
              + " stopped (exit code "
              + process.exitValue()
              + "); last lines of "
              + diagnostics
              + ":\n"
              + tail(diagnostics, 15));
    }
  }

  /**
   * Asks the process to stop (SIGTERM: brokers and Flink shut down cleanly), then kills it and
   * anything it started if it has not ended within a grace period. Returns once all are gone.
   */
  public void stop() {
    List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
    process.destroy();
    try {
      if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  /** True when neither the process nor anything it started is still running. */
  public boolean isGone() {
    return !process.isAlive() && process.descendants().noneMatch(ProcessHandle::isAlive);
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
