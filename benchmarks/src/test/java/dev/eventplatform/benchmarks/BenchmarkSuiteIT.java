package dev.eventplatform.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite in smoke mode, end to end: a real broker, the MiniCluster, every kind of benchmark on a
 * few thousand records. It checks that the harness works (every benchmark produced its figures,
 * every job wrote output, the report files exist), never how fast anything was: timings on a shared
 * CI machine mean nothing.
 */
class BenchmarkSuiteIT {

  @TempDir Path reportFolder;

  @Test
  void smokeRunProducesEveryFigureAndTheReport() throws Exception {
    Results results =
        BenchmarkSuite.run(
            SuiteSettings.SMOKE, Set.copyOf(BenchmarkSuite.BENCHMARKS), "smoke-it", reportFolder);

    assertThat(results.failures).isEmpty();
    assertThat(results.throughput)
        .extracting(ThroughputResult::job)
        .containsExactly(PassthroughJob.NAME, "location-ingest", "ride-matching");
    assertThat(results.throughput)
        .allSatisfy(
            drain -> {
              assertThat(drain.inputEvents()).isPositive();
              assertThat(drain.outputRecords()).isPositive();
              assertThat(drain.drainMs()).isPositive();
            });
    // The passthrough writes back every ping it reads.
    ThroughputResult passthrough = results.throughput.get(0);
    assertThat(passthrough.outputRecords()).isEqualTo(passthrough.inputEvents());

    assertThat(results.latency)
        .extracting(LatencyResult::job)
        .containsExactly("ride-matching", "message-routing");
    assertThat(results.latency)
        .allSatisfy(
            latency -> {
              assertThat(latency.sent()).isPositive();
              assertThat(latency.answered()).isPositive();
              assertThat(latency.histogram().getTotalCount()).isEqualTo(latency.answered());
            });

    assertThat(results.scale)
        .singleElement()
        .satisfies(
            scale -> {
              assertThat(scale.keyCount()).isEqualTo(SuiteSettings.SMOKE.scaleDrivers());
              assertThat(scale.stateBytes()).isPositive();
              assertThat(scale.fullBytes()).isPositive();
              assertThat(scale.restoreRunningMs()).isNotNegative();
              assertThat(scale.restoreFirstOutputMs()).isNotNegative();
            });

    assertThat(results.catalog).hasSize(SuiteSettings.SMOKE.catalogSizes().length);
    assertThat(results.catalog).allSatisfy(drain -> assertThat(drain.outputRecords()).isPositive());
    assertThat(results.micro)
        .hasSize(2)
        .allSatisfy(cost -> assertThat(cost.nanosPerCall()).isPositive());

    // Overload: the job took the paced input, was sampled, and drained afterwards.
    assertThat(results.overload)
        .singleElement()
        .satisfies(
            overload -> {
              assertThat(overload.job()).isEqualTo("location-ingest");
              assertThat(overload.sent()).isPositive();
              assertThat(overload.samples()).isNotEmpty();
              assertThat(overload.heapMax()).isPositive();
              assertThat(overload.restarts()).isZero();
              assertThat(overload.drainMs()).isNotNegative();
              assertThat(overload.finalState()).isEqualTo("RUNNING");
            });

    Report.write(results, reportFolder);
    assertThat(Files.readString(reportFolder.resolve("results.md")))
        .contains(
            "## Throughput",
            "## End-to-end latency",
            "## State at scale",
            "catalog size",
            "Per-record costs",
            "## Overload");
    assertThat(Files.readAllLines(reportFolder.resolve("results.csv"))).hasSizeGreaterThan(40);
    assertThat(Files.size(reportFolder.resolve("throughput.png"))).isPositive();
    assertThat(Files.readAllLines(reportFolder.resolve("overload-samples.csv")))
        .hasSizeGreaterThan(1);
  }
}
