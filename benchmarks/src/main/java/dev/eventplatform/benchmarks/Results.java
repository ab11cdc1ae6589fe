package dev.eventplatform.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Everything one suite run measured, with the facts needed to judge it. */
final class Results {

  final SuiteSettings settings;

  /** Where the report goes: rewritten after every benchmark, so a stopped run keeps its figures. */
  final Path out;

  final Map<String, String> machine;
  final String startedAt;
  final String loadAtStart;
  String loadAtEnd = "";
  long elapsedMs;
  final List<ThroughputResult> throughput = new ArrayList<>();
  final List<LatencyResult> latency = new ArrayList<>();
  final List<ScaleResult> scale = new ArrayList<>();
  final List<ThroughputResult> catalog = new ArrayList<>();
  final List<ParseVersusGeohash.Cost> micro = new ArrayList<>();
  final List<OverloadResult> overload = new ArrayList<>();

  /** Benchmarks that failed, with the reason; the others still report. */
  final List<String> failures = new ArrayList<>();

  Results(
      SuiteSettings settings,
      Path out,
      Map<String, String> machine,
      String startedAt,
      String loadAtStart) {
    this.settings = settings;
    this.out = out;
    this.machine = machine;
    this.startedAt = startedAt;
    this.loadAtStart = loadAtStart;
  }

  /** The passthrough's rate at a parallelism, the denominator of every ratio. */
  double baseline(int parallelism) {
    return throughput.stream()
        .filter(r -> r.job().equals(PassthroughJob.NAME) && r.parallelism() == parallelism)
        .mapToDouble(ThroughputResult::eventsPerSecond)
        .findFirst()
        .orElse(Double.NaN);
  }
}
