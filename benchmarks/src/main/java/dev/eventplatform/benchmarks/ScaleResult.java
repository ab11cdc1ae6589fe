package dev.eventplatform.benchmarks;

/**
 * State at scale: sizes in bytes and durations in milliseconds of an incremental and a full
 * checkpoint of the loaded state, and how long a job restored from the retained checkpoint took
 * until every subtask ran (state restored) and until its first output.
 */
record ScaleResult(
    String job,
    String keys,
    long keyCount,
    long loadMs,
    long stateBytes,
    long incrementalBytes,
    long incrementalMs,
    long fullBytes,
    long fullMs,
    long restoreRunningMs,
    long restoreFirstOutputMs,
    String note) {}
