package dev.eventplatform.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;

/** What the numbers were measured on: cores, load, JVM and library versions. */
final class Machine {

  private Machine() {}

  /** The 1, 5 and 15 minute load averages, as the kernel reports them. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " / " + fields[1] + " / " + fields[2];
    } catch (IOException | RuntimeException e) {
      return String.format(
          "%.2f (1 min)",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  static Map<String, String> describe() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    facts.put("cpu", cpuModel());
    facts.put("memory (JVM max heap)", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    facts.put(
        "JVM",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.put("Flink", EnvironmentInformation.getVersion());
    facts.put("Kafka (broker and clients)", AppInfoParser.getVersion());
    facts.put("Jackson", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
    facts.put(
        "state backend",
        "RocksDB (frocksdbjni "
            + packageVersion("org.rocksdb.RocksDB")
            + "), incremental checkpoints on local disk");
    facts.put("geohash", "ch.hsr:geohash " + packageVersion("ch.hsr.geohash.GeoHash"));
    facts.put("HdrHistogram", packageVersion("org.HdrHistogram.Histogram"));
    return facts;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String packageVersion(String className) {
    try {
      Package pkg = Class.forName(className).getPackage();
      String version = pkg == null ? null : pkg.getImplementationVersion();
      if (version != null) {
        return version;
      }
      // Fall back to the jar's name, which Maven stamps with the version.
      String jar =
          Class.forName(className).getProtectionDomain().getCodeSource().getLocation().getPath();
      return jar.substring(jar.lastIndexOf('/') + 1).replaceAll("\\.jar$", "");
    } catch (Exception e) {
      return "unknown";
    }
  }
}
