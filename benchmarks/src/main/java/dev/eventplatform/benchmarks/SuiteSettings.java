package dev.eventplatform.benchmarks;

/**
 * Sizes of one suite run. {@link #SMOKE} runs every kind of benchmark end to end on a few thousand
 * records (CI: does the harness work?), with the jobs that exercise each code path (passthrough and
 * location-ingest bounded, ride-matching unbounded, both latency runs, location-ingest at scale)
 * rather than every job; {@link #FULL} is what BENCHMARKS.md reports. The messenger's workload is
 * smaller than the others because the simulator really seals every message (HPKE, Ed25519), which
 * costs more than a job reading it.
 *
 * @param everyJob whether throughput, scale and overload run every job, or only the ones smoke mode
 *     needs
 */
record SuiteSettings(
    String mode,
    int throughputEvents,
    int chatThroughputEvents,
    int[] parallelisms,
    int rideDrivers,
    double rideRequestsPerSecond,
    double rideMovesPerSecond,
    int chatUsers,
    double chatMessagesPerSecond,
    long latencyWarmupMs,
    long latencyMeasuredMs,
    int scaleDrivers,
    int scaleProfiles,
    int catalogViews,
    int[] catalogSizes,
    long microRoundMs,
    String checkpointInterval,
    boolean everyJob,
    Overload overload) {

  /**
   * The overload run: input at {@code factor} × the job's sustainable rate for {@code heldMs},
   * sampled every {@code sampleMs}.
   *
   * @param calibrationEvents records drained to measure the sustainable rate when the throughput
   *     benchmark has not measured it in the same run (the messenger: at most {@link
   *     #chatThroughputEvents})
   * @param compareUnaligned whether each job runs a second time with unaligned checkpoints
   */
  record Overload(
      double factor, long heldMs, long sampleMs, int calibrationEvents, boolean compareUnaligned) {}

  static final SuiteSettings SMOKE =
      new SuiteSettings(
          "smoke",
          3_000,
          2_000,
          new int[] {1},
          500,
          200,
          100,
          200,
          200,
          500,
          1_500,
          3_000,
          3_000,
          2_000,
          new int[] {100, 1_000},
          50,
          "1 s",
          false,
          new Overload(3, 2_000, 1_000, 2_000, false));

  static final SuiteSettings FULL =
      new SuiteSettings(
          "full",
          300_000,
          60_000,
          new int[] {1, 2},
          50_000,
          5_000,
          5_000,
          20_000,
          20_000,
          5_000,
          20_000,
          1_000_000,
          1_000_000,
          200_000,
          new int[] {10_000, 100_000},
          1_000,
          "5 s",
          true,
          new Overload(3, 180_000, 5_000, 200_000, true));

  /**
   * These settings with sizes from {@code --events N}, {@code --scale-drivers N}, {@code
   * --scale-profiles N}.
   */
  SuiteSettings withSizes(int events, int drivers, int profiles) {
    return new SuiteSettings(
        mode,
        events,
        Math.min(chatThroughputEvents, events),
        parallelisms,
        rideDrivers,
        rideRequestsPerSecond,
        rideMovesPerSecond,
        chatUsers,
        chatMessagesPerSecond,
        latencyWarmupMs,
        latencyMeasuredMs,
        drivers,
        profiles,
        catalogViews,
        catalogSizes,
        microRoundMs,
        checkpointInterval,
        everyJob,
        overload);
  }

  /** These settings with other paced rates ({@code --ride-rate N}, {@code --chat-rate N}). */
  SuiteSettings withRates(double rideRequests, double chatMessages) {
    return new SuiteSettings(
        mode,
        throughputEvents,
        chatThroughputEvents,
        parallelisms,
        rideDrivers,
        rideRequests,
        rideRequests * rideMovesPerSecond / rideRequestsPerSecond,
        chatUsers,
        chatMessages,
        latencyWarmupMs,
        latencyMeasuredMs,
        scaleDrivers,
        scaleProfiles,
        catalogViews,
        catalogSizes,
        microRoundMs,
        checkpointInterval,
        everyJob,
        overload);
  }

  /**
   * These settings with another overload factor and duration ({@code --overload-factor K}, {@code
   * --overload-minutes M}).
   */
  SuiteSettings withOverload(double factor, long heldMs) {
    return new SuiteSettings(
        mode,
        throughputEvents,
        chatThroughputEvents,
        parallelisms,
        rideDrivers,
        rideRequestsPerSecond,
        rideMovesPerSecond,
        chatUsers,
        chatMessagesPerSecond,
        latencyWarmupMs,
        latencyMeasuredMs,
        scaleDrivers,
        scaleProfiles,
        catalogViews,
        catalogSizes,
        microRoundMs,
        checkpointInterval,
        everyJob,
        new Overload(
            factor,
            heldMs,
            overload.sampleMs(),
            overload.calibrationEvents(),
            overload.compareUnaligned()));
  }

  /** The job arguments every run gets on top of its topics. */
  java.util.List<String> commonArgs() {
    return java.util.List.of("--checkpoint-interval", checkpointInterval);
  }
}
