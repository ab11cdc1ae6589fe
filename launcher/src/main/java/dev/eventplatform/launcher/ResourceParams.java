package dev.eventplatform.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The memory settings of a JobManager or TaskManager as Flink's own start scripts compute them,
 * with {@code BashJavaUtils GET_JM_RESOURCE_PARAMS} or {@code GET_TM_RESOURCE_PARAMS}: the JVM
 * flags (heap, direct and metaspace sizes) and the {@code -D key=value} dynamic properties (every
 * memory pool's size) the process must be started with. A TaskManager refuses to start without
 * them.
 */
public record ResourceParams(List<String> jvmArgs, List<String> dynamicProperties) {

  /** The prefix BashJavaUtils puts before each result line, among its other output. */
  static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

  /**
   * Reads BashJavaUtils' output: of its result lines, the second last holds the JVM flags and the
   * last the dynamic properties ({@code -D key=value -D key=value ...}), as Flink's scripts read
   * them.
   */
  public static ResourceParams parse(String output) {
    List<String> results = new ArrayList<>();
    for (String line : output.split("\\R")) {
      if (line.startsWith(RESULT_PREFIX)) {
        results.add(line.substring(RESULT_PREFIX.length()).trim());
      }
    }
    if (results.size() < 2) {
      throw new LaunchException(
          "Flink's BashJavaUtils printed "
              + results.size()
              + " result lines, expected 2: "
              + output.strip());
    }
    return new ResourceParams(
        words(results.get(results.size() - 2)), words(results.get(results.size() - 1)));
  }

  private static List<String> words(String line) {
    return line.isEmpty() ? List.of() : Arrays.asList(line.split("\\s+"));
  }
}
