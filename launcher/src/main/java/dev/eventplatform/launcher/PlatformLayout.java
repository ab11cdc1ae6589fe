package dev.eventplatform.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the built platform lies in a checkout: the classpaths Maven laid out under {@code
 * launcher/target/classpath/<scope>/} (see the launcher's pom), {@code flink-conf/}, the job jars
 * and the simulator jar.
 *
 * @param root the checkout's root folder (the one with {@code flink-conf/} and {@code jobs/})
 */
public record PlatformLayout(Path root) {

  /** The root named by the system property {@code platform.root}, else the working directory. */
  public static PlatformLayout fromSystemProperty() {
    Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("flink-conf"))) {
      throw new LaunchException(root + " is not the platform's checkout (no flink-conf/ folder)");
    }
    return new PlatformLayout(root);
  }

  private Path classpath(String scope) {
    return root.resolve("launcher/target/classpath").resolve(scope);
  }

  /** A Flink distribution's lib/: the cluster's jars and nothing else. */
  public List<Path> flinkClasspath() {
    return List.of(classpath("compile"));
  }

  /** The broker's own jars and the libraries it shares with the rest. */
  public List<Path> kafkaClasspath() {
    return List.of(classpath("runtime"), classpath("provided"), classpath("compile"));
  }

  public Path flinkConfDir() {
    return root.resolve("flink-conf");
  }

  /** Every built job jar ({@code jobs/<name>/target/<name>-<version>.jar}), by job name. */
  public List<JobJar> jobJars() {
    Path jobs = root.resolve("jobs");
    if (!Files.isDirectory(jobs)) {
      return List.of();
    }
    try (Stream<Path> modules = Files.list(jobs)) {
      List<JobJar> found = new ArrayList<>();
      for (Path module : modules.sorted().collect(Collectors.toList())) {
        String name = module.getFileName().toString();
        builtJar(module.resolve("target"), name)
            .map(jar -> JobJar.of(name, jar))
            .ifPresent(found::add);
      }
      return found;
    } catch (IOException e) {
      throw new LaunchException("cannot list " + jobs + ": " + e.getMessage(), e);
    }
  }

  /** The built jar of one job, if there is one. */
  public Optional<JobJar> jobJar(String name) {
    return jobJars().stream().filter(job -> job.name().equals(name)).findFirst();
  }

  /** The simulator's shaded jar, if it has been built. */
  public Optional<Path> simulatorJar() {
    return builtJar(root.resolve("simulator/target"), "simulator");
  }

  /**
   * The module's main artifact: {@code <artifactId>-<version>.jar}, not the {@code original-} jar
   * the shade plugin leaves, nor test or source jars. Newest first if several versions lie there.
   */
  static Optional<Path> builtJar(Path target, String artifactId) {
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(file -> isMainArtifact(file.getFileName().toString(), artifactId))
          .max(Comparator.comparingLong(PlatformLayout::lastModified));
    } catch (IOException e) {
      throw new LaunchException("cannot list " + target + ": " + e.getMessage(), e);
    }
  }

  static boolean isMainArtifact(String fileName, String artifactId) {
    // artifactId-1.2.3.jar or artifactId-1.2.3-SNAPSHOT.jar; no classifier (-tests, -shaded, ...).
    return fileName.matches(Pattern.quote(artifactId) + "-\\d[\\w.]*(-SNAPSHOT)?\\.jar");
  }

  /**
   * A job jar and the main class its manifest names.
   *
   * @param complete false for a jar that cannot run yet: unreadable (being written), or without its
   *     main class (a job still being developed)
   */
  public record JobJar(String name, Path jar, String mainClass, boolean complete) {

    static JobJar of(String name, Path jar) {
      try (JarFile file = new JarFile(jar.toFile())) {
        String mainClass =
            file.getManifest() == null
                ? null
                : file.getManifest().getMainAttributes().getValue("Main-Class");
        if (mainClass == null) {
          return new JobJar(name, jar, "(no Main-Class in its manifest)", false);
        }
        String classFile = mainClass.replace('.', '/') + ".class";
        return new JobJar(name, jar, mainClass, file.getEntry(classFile) != null);
      } catch (IOException e) {
        return new JobJar(name, jar, "(unreadable jar: " + e.getMessage() + ")", false);
      }
    }
  }

  private static long lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
