package dev.eventplatform.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** Writes a suite's results as Markdown tables, a CSV of every figure and a PNG chart. */
final class Report {

  private Report() {}

  static void write(Results results, Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("results.md"), markdown(results));
    Files.writeString(folder.resolve("results.csv"), csv(results));
    if (!results.throughput.isEmpty()) {
      chart(results, folder.resolve("throughput.png"));
    }
    if (!results.overload.isEmpty()) {
      Files.writeString(folder.resolve("overload-samples.csv"), overloadSamples(results));
    }
  }

  static String markdown(Results r) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results (")
        .append(r.settings.mode())
        .append(", ")
        .append(r.startedAt)
        .append(")\n\n");
    md.append("| machine | |\n|---|---|\n");
    r.machine.forEach(
        (key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
    md.append("| load average (1/5/15 min) at start | ").append(r.loadAtStart).append(" |\n");
    md.append("| load average (1/5/15 min) at end | ").append(r.loadAtEnd).append(" |\n");
    md.append("| suite wall time | ").append(r.elapsedMs / 1000).append(" s |\n\n");
    md.append(
            "The machine is shared: a load average above the core count means other work competed for the CPU\n")
        .append(
            "during the run, and every figure below is lower (latencies higher) than on an idle machine.\n\n");

    if (!r.throughput.isEmpty()) {
      md.append("## Throughput: draining a pre-loaded input\n\n")
          .append(
              "| job | p | input events | drain s | events/s | × passthrough (same p) | target | outputs |\n")
          .append("|---|---|---|---|---|---|---|---|\n");
      for (ThroughputResult t : r.throughput) {
        double ratio = t.eventsPerSecond() / r.baseline(t.parallelism());
        double limit = t.job().equals("location-ingest") ? 0.8 : 0.5;
        String target =
            t.job().equals(PassthroughJob.NAME) ? "" : "≥ " + limit + atLeast(ratio, limit);
        md.append(
            row(
                t.job(),
                t.parallelism(),
                t.inputEvents(),
                fmt(t.drainMs() / 1000.0, 1),
                fmt(t.eventsPerSecond(), 0),
                t.job().equals(PassthroughJob.NAME) ? "1.00" : fmt(ratio, 2),
                target,
                t.outputs()));
      }
      md.append('\n');
    }
    if (!r.latency.isEmpty()) {
      md.append("## End-to-end latency at a fixed input rate (ms, input write → output write)\n\n")
          .append(
              "| job | path | target rate/s | achieved rate/s | measured inputs | answered | p50 | p99 | p99.9 | max | target | notes |\n")
          .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (LatencyResult l : r.latency) {
        double limit = l.job().equals("ride-matching") ? 250 : 100;
        String target = "p99 ≤ " + (int) limit + atMost(l.percentile(99), limit);
        md.append(
            row(
                l.job(),
                l.path(),
                fmt(l.targetRate(), 0),
                fmt(l.achievedRate(), 0),
                l.sent(),
                l.answered(),
                fmt(l.percentile(50), 0),
                fmt(l.percentile(99), 0),
                fmt(l.percentile(99.9), 0),
                l.histogram().getTotalCount() == 0
                    ? "n/a"
                    : String.valueOf(l.histogram().getMaxValue()),
                target,
                l.note()));
      }
      md.append('\n');
    }
    if (!r.scale.isEmpty()) {
      md.append("## State at scale: checkpoints and recovery\n\n")
          .append(
              "| job | keys | state size | incremental checkpoint | full checkpoint | restore: all subtasks running | restore: first output | load + catch-up | notes |\n")
          .append("|---|---|---|---|---|---|---|---|---|\n");
      for (ScaleResult s : r.scale) {
        md.append(
            row(
                s.job(),
                String.format(Locale.ROOT, "%,d %s", s.keyCount(), s.keys()),
                mib(s.stateBytes()),
                mib(s.incrementalBytes()) + " in " + fmt(s.incrementalMs() / 1000.0, 1) + " s",
                mib(s.fullBytes()) + " in " + fmt(s.fullMs() / 1000.0, 1) + " s",
                seconds(s.restoreRunningMs()),
                seconds(s.restoreFirstOutputMs()) + atMost(s.restoreFirstOutputMs(), 30_000),
                fmt(s.loadMs() / 1000.0, 0) + " s",
                s.note()));
      }
      md.append('\n');
    }
    if (!r.catalog.isEmpty()) {
      md.append("## viewing-analytics throughput against catalog size (recommendations)\n\n")
          .append(
              "| catalog titles | p | input events | drain s | events/s | × smallest catalog | target | outputs |\n")
          .append("|---|---|---|---|---|---|---|---|\n");
      double smallest = r.catalog.get(0).eventsPerSecond();
      for (ThroughputResult c : r.catalog) {
        double ratio = c.eventsPerSecond() / smallest;
        md.append(
            row(
                c.variant(),
                c.parallelism(),
                c.inputEvents(),
                fmt(c.drainMs() / 1000.0, 1),
                fmt(c.eventsPerSecond(), 0),
                fmt(ratio, 2),
                c == r.catalog.get(0) ? "" : "≥ 0.8" + atLeast(ratio, 0.8),
                c.outputs()));
      }
      md.append('\n');
    }
    if (!r.micro.isEmpty()) {
      md.append("## Per-record costs (timed loop, one thread, median of rounds)\n\n")
          .append("| operation | ns per call | bytes allocated per call |\n|---|---|---|\n");
      for (ParseVersusGeohash.Cost c : r.micro) {
        md.append(row(c.operation(), fmt(c.nanosPerCall(), 0), fmt(c.bytesPerCall(), 0)));
      }
      md.append('\n');
    }
    if (!r.overload.isEmpty()) {
      md.append("## Overload: paced input above the sustainable rate, then the drain\n\n")
          .append(
              "| job | checkpoints | p | sustainable/s | sent/s (asked) | × sustainable | consumed/s while overloaded | held | checkpoints while overloaded | max checkpoint | max back pressure | max heap used / max | restarts | backlog at the end | drain | drained/s | checkpoints during the drain | state |\n")
          .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (OverloadResult o : r.overload) {
        md.append(
            row(
                o.job(),
                o.variant(),
                o.parallelism(),
                fmt(o.sustainablePerSecond(), 0) + " (" + o.sustainableFrom() + ")",
                fmt(o.sentPerSecond(), 0) + " (" + fmt(o.targetPerSecond(), 0) + ")",
                fmt(o.sentPerSecond() / o.sustainablePerSecond(), 1),
                fmt(o.consumedPerSecond(), 0),
                fmt(o.heldMs() / 1000.0, 0) + " s, " + fmt(o.sent(), 0) + " records",
                o.checkpointsCompleted() + " completed, " + o.checkpointsFailed() + " failed",
                fmt(o.maxCheckpointMs() / 1000.0, 1) + " s, " + mib(o.maxCheckpointBytes()),
                fmt(o.maxBackPressure(), 2),
                mib(o.maxHeapUsed()) + " / " + mib(o.heapMax()),
                o.restarts(),
                fmt(o.backlogAtEnd(), 0) + " records",
                seconds(o.drainMs()),
                fmt(o.drainPerSecond(), 0),
                o.drainCheckpointsCompleted()
                    + " completed, "
                    + o.drainCheckpointsFailed()
                    + " failed",
                o.finalState()));
      }
      md.append('\n')
          .append(
              "Back pressure: the highest share of time a subtask was back-pressured in any sample\n")
          .append(
              "while overloaded. Heap: the MiniCluster's TaskManager is the suite's JVM (broker and sender\n")
          .append(
              "included). Backlog, consumed/s and drained/s: from the committed offsets, which move with\n")
          .append("checkpoints.\n")
          .append("Every sample is in `overload-samples.csv`.\n\n");
    }
    if (!r.failures.isEmpty()) {
      md.append("## Benchmarks that failed\n\n");
      r.failures.forEach(failure -> md.append("- ").append(failure).append('\n'));
      md.append('\n');
    }
    return md.toString();
  }

  static String csv(Results r) {
    StringBuilder csv = new StringBuilder("section,job,variant,parallelism,metric,value,unit\n");
    r.machine.forEach((key, value) -> line(csv, "machine", "", key, 0, "fact", value, ""));
    line(csv, "machine", "", "load average at start", 0, "load", r.loadAtStart, "");
    line(csv, "machine", "", "load average at end", 0, "load", r.loadAtEnd, "");
    for (ThroughputResult t : r.throughput) {
      line(
          csv,
          "throughput",
          t.job(),
          t.variant(),
          t.parallelism(),
          "input events",
          t.inputEvents(),
          "records");
      line(csv, "throughput", t.job(), t.variant(), t.parallelism(), "drain", t.drainMs(), "ms");
      line(
          csv,
          "throughput",
          t.job(),
          t.variant(),
          t.parallelism(),
          "throughput",
          fmt(t.eventsPerSecond(), 0),
          "events/s");
      line(
          csv,
          "throughput",
          t.job(),
          t.variant(),
          t.parallelism(),
          "ratio to passthrough",
          fmt(t.eventsPerSecond() / r.baseline(t.parallelism()), 3),
          "");
      line(
          csv,
          "throughput",
          t.job(),
          t.variant(),
          t.parallelism(),
          "output records",
          t.outputRecords(),
          "records");
    }
    for (LatencyResult l : r.latency) {
      line(csv, "latency", l.job(), l.path(), 0, "target rate", fmt(l.targetRate(), 0), "per s");
      line(
          csv, "latency", l.job(), l.path(), 0, "achieved rate", fmt(l.achievedRate(), 0), "per s");
      line(csv, "latency", l.job(), l.path(), 0, "answered", l.answered(), "records");
      for (double p : new double[] {50, 99, 99.9}) {
        line(
            csv,
            "latency",
            l.job(),
            l.path(),
            0,
            "p" + fmt(p, p == 99.9 ? 1 : 0),
            fmt(l.percentile(p), 0),
            "ms");
      }
    }
    for (ScaleResult s : r.scale) {
      String keys = s.keyCount() + " " + s.keys();
      line(csv, "scale", s.job(), keys, 0, "state size", s.stateBytes(), "bytes");
      line(
          csv,
          "scale",
          s.job(),
          keys,
          0,
          "incremental checkpoint size",
          s.incrementalBytes(),
          "bytes");
      line(
          csv,
          "scale",
          s.job(),
          keys,
          0,
          "incremental checkpoint duration",
          s.incrementalMs(),
          "ms");
      line(csv, "scale", s.job(), keys, 0, "full checkpoint size", s.fullBytes(), "bytes");
      line(csv, "scale", s.job(), keys, 0, "full checkpoint duration", s.fullMs(), "ms");
      line(
          csv,
          "scale",
          s.job(),
          keys,
          0,
          "restore until all subtasks running",
          s.restoreRunningMs(),
          "ms");
      line(
          csv,
          "scale",
          s.job(),
          keys,
          0,
          "restore until first output",
          s.restoreFirstOutputMs(),
          "ms");
    }
    for (ThroughputResult c : r.catalog) {
      line(
          csv,
          "catalog",
          c.job(),
          c.variant(),
          c.parallelism(),
          "throughput",
          fmt(c.eventsPerSecond(), 0),
          "events/s");
    }
    for (OverloadResult o : r.overload) {
      String v = o.variant();
      int p = o.parallelism();
      line(
          csv,
          "overload",
          o.job(),
          v,
          p,
          "sustainable rate",
          fmt(o.sustainablePerSecond(), 0),
          "per s");
      line(csv, "overload", o.job(), v, p, "target rate", fmt(o.targetPerSecond(), 0), "per s");
      line(csv, "overload", o.job(), v, p, "sent rate", fmt(o.sentPerSecond(), 0), "per s");
      line(csv, "overload", o.job(), v, p, "sent", o.sent(), "records");
      line(csv, "overload", o.job(), v, p, "held", o.heldMs(), "ms");
      line(
          csv,
          "overload",
          o.job(),
          v,
          p,
          "checkpoints completed while overloaded",
          o.checkpointsCompleted(),
          "");
      line(
          csv,
          "overload",
          o.job(),
          v,
          p,
          "checkpoints failed while overloaded",
          o.checkpointsFailed(),
          "");
      line(csv, "overload", o.job(), v, p, "max checkpoint duration", o.maxCheckpointMs(), "ms");
      line(csv, "overload", o.job(), v, p, "max checkpoint size", o.maxCheckpointBytes(), "bytes");
      line(csv, "overload", o.job(), v, p, "max back pressure", fmt(o.maxBackPressure(), 2), "");
      line(csv, "overload", o.job(), v, p, "max heap used", o.maxHeapUsed(), "bytes");
      line(csv, "overload", o.job(), v, p, "max heap", o.heapMax(), "bytes");
      line(csv, "overload", o.job(), v, p, "restarts", o.restarts(), "");
      line(csv, "overload", o.job(), v, p, "backlog at the end", o.backlogAtEnd(), "records");
      line(csv, "overload", o.job(), v, p, "drain", o.drainMs(), "ms");
      line(
          csv,
          "overload",
          o.job(),
          v,
          p,
          "consumed rate while overloaded",
          fmt(o.consumedPerSecond(), 0),
          "per s");
      line(csv, "overload", o.job(), v, p, "drain rate", fmt(o.drainPerSecond(), 0), "per s");
      line(
          csv,
          "overload",
          o.job(),
          v,
          p,
          "checkpoints completed during the drain",
          o.drainCheckpointsCompleted(),
          "");
      line(
          csv,
          "overload",
          o.job(),
          v,
          p,
          "checkpoints failed during the drain",
          o.drainCheckpointsFailed(),
          "");
    }
    for (ParseVersusGeohash.Cost c : r.micro) {
      line(csv, "micro", "", c.operation(), 1, "time per call", fmt(c.nanosPerCall(), 1), "ns");
      line(
          csv,
          "micro",
          "",
          c.operation(),
          1,
          "allocated per call",
          fmt(c.bytesPerCall(), 0),
          "bytes");
    }
    return csv.toString();
  }

  /** Every sample of every overload run, one line each: the time series behind the table. */
  static String overloadSamples(Results r) {
    StringBuilder csv =
        new StringBuilder(
            "job,checkpoints,at_ms,phase,state,checkpoints_completed,checkpoints_failed,"
                + "latest_checkpoint_ms,latest_checkpoint_bytes,back_pressure,heap_used_bytes,"
                + "heap_max_bytes,restarts,lag_records\n");
    for (OverloadResult o : r.overload) {
      for (JobSampler.Sample s : o.samples()) {
        csv.append(
                String.join(
                    ",",
                    o.job(),
                    o.variant(),
                    String.valueOf(s.atMs()),
                    s.phase(),
                    s.state(),
                    String.valueOf(s.checkpointsCompleted()),
                    String.valueOf(s.checkpointsFailed()),
                    String.valueOf(s.latestCheckpointMs()),
                    String.valueOf(s.latestCheckpointBytes()),
                    fmt(s.backPressure(), 2),
                    String.valueOf(s.heapUsed()),
                    String.valueOf(s.heapMax()),
                    String.valueOf(s.restarts()),
                    String.valueOf(s.lag())))
            .append('\n');
      }
    }
    return csv.toString();
  }

  /** Bars of events/s per job and parallelism, the passthrough first. */
  static void chart(Results r, Path png) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (ThroughputResult t : r.throughput) {
      data.addValue(t.eventsPerSecond(), "parallelism " + t.parallelism(), t.job());
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Throughput per job against the Kafka → Flink → Kafka passthrough ("
                + r.settings.mode()
                + ", load "
                + r.loadAtStart
                + ")",
            "job",
            "events per second",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 550);
  }

  /** ✔ or ✘ after a target, for a figure that must be at least {@code limit}. */
  private static String atLeast(double value, double limit) {
    return Double.isNaN(value) ? "" : value >= limit ? " ✔" : " ✘";
  }

  /** ✔ or ✘ after a target, for a figure that must be at most {@code limit}. */
  private static String atMost(double value, double limit) {
    return Double.isNaN(value) || value < 0 ? "" : value <= limit ? " ✔" : " ✘";
  }

  private static String row(Object... cells) {
    StringBuilder line = new StringBuilder("|");
    for (Object cell : cells) {
      line.append(' ').append(cell).append(" |");
    }
    return line.append('\n').toString();
  }

  private static void line(
      StringBuilder csv,
      String section,
      String job,
      String variant,
      int parallelism,
      String metric,
      Object value,
      String unit) {
    csv.append(
            String.join(
                ",",
                quote(section),
                quote(job),
                quote(variant),
                String.valueOf(parallelism),
                quote(metric),
                quote(String.valueOf(value)),
                quote(unit)))
        .append('\n');
  }

  private static String quote(String text) {
    return text.contains(",") || text.contains("\"")
        ? '"' + text.replace("\"", "\"\"") + '"'
        : text;
  }

  static String fmt(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  private static String mib(long bytes) {
    return fmt(bytes / (1024.0 * 1024.0), 1) + " MiB";
  }

  private static String seconds(long ms) {
    return ms < 0 ? "not seen" : fmt(ms / 1000.0, 1) + " s";
  }
}
