package dev.eventplatform.benchmarks;

/**
 * One drain: {@code inputEvents} pre-loaded records consumed in {@code drainMs}, from the moment
 * every subtask of the job was RUNNING to the write of its last output record.
 */
record ThroughputResult(
    String job,
    String variant,
    int parallelism,
    long inputEvents,
    long drainMs,
    long outputRecords,
    String outputs) {

  double eventsPerSecond() {
    return drainMs <= 0 ? 0 : inputEvents * 1000.0 / drainMs;
  }
}
