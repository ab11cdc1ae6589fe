package dev.eventplatform.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * End-to-end latency of one paced run: input record's Kafka timestamp (when it was written) to the
 * first output record for its key (when the job wrote it), in milliseconds.
 */
record LatencyResult(
    String job,
    String path,
    double targetRate,
    double achievedRate,
    long sent,
    long answered,
    long otherOutcomes,
    Histogram histogram,
    String note) {

  double percentile(double p) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(p);
  }
}
