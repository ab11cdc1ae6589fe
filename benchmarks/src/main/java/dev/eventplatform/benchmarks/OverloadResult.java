package dev.eventplatform.benchmarks;

import java.util.List;

/**
 * One overload run: input paced at {@code targetPerSecond} (achieved: {@code sentPerSecond}) for
 * {@code heldMs} against a job that sustains {@code sustainablePerSecond}, then the drain of what
 * it left behind. Checkpoint counts are split between the paced part and the drain; {@code drainMs}
 * is −1 when the backlog was not drained in time.
 *
 * @param variant the checkpoint settings: {@code aligned} (the shipped default) or {@code
 *     unaligned}
 * @param sustainableFrom where the sustainable rate comes from (a drain in the same run)
 * @param backlogAtEnd records not yet committed by the job when the input stopped
 * @param consumedPerSecond records the job committed per second while overloaded: its real rate
 *     with the sender beside it, which the sustainable estimate (a short drain) can miss either way
 * @param drainPerSecond records the job committed per second during the drain
 * @param samples every sample of the run, for the time series
 */
record OverloadResult(
    String job,
    String variant,
    int parallelism,
    double sustainablePerSecond,
    String sustainableFrom,
    double targetPerSecond,
    double sentPerSecond,
    long sent,
    long heldMs,
    long checkpointsCompleted,
    long checkpointsFailed,
    long drainCheckpointsCompleted,
    long drainCheckpointsFailed,
    long maxCheckpointMs,
    long maxCheckpointBytes,
    double maxBackPressure,
    long maxHeapUsed,
    long heapMax,
    long restarts,
    String finalState,
    long backlogAtEnd,
    double consumedPerSecond,
    double drainPerSecond,
    long drainMs,
    List<JobSampler.Sample> samples) {}
