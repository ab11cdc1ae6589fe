package dev.eventplatform.benchmarks;

import java.util.concurrent.locks.LockSupport;

/**
 * Calls {@code send} at a fixed rate for a while: a whole number of calls per millisecond step,
 * catching up when behind, so the rate holds on average even when a step is late. Reports the rate
 * achieved, which is lower than asked when the machine cannot keep up.
 */
final class PacedSender {

  interface Send {
    void send(long sequence, boolean measured);
  }

  private PacedSender() {}

  /**
   * Sends at {@code perSecond} for {@code warmupMs} (not measured) and then {@code measuredMs};
   * returns the rate achieved over the measured part.
   */
  static double run(double perSecond, long warmupMs, long measuredMs, Send send) {
    long start = System.nanoTime();
    long sequence = 0;
    long measuredFrom = -1;
    long measuredStart = 0;
    long totalNanos = (warmupMs + measuredMs) * 1_000_000;
    while (true) {
      long elapsed = System.nanoTime() - start;
      if (elapsed >= totalNanos) {
        break;
      }
      boolean measured = elapsed >= warmupMs * 1_000_000;
      if (measured && measuredFrom < 0) {
        measuredFrom = sequence;
        measuredStart = System.nanoTime();
      }
      long due = (long) (elapsed / 1e9 * perSecond);
      while (sequence < due) {
        send.send(sequence++, measured);
      }
      LockSupport.parkNanos(200_000);
    }
    double seconds = (System.nanoTime() - measuredStart) / 1e9;
    return measuredFrom < 0 || seconds <= 0 ? 0 : (sequence - measuredFrom) / seconds;
  }
}
