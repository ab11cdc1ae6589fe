package dev.eventplatform.simulator;

/**
 * Turns a rate (events per simulated second) into a whole number of events per tick, carrying the
 * fractions over, so any sequence of ticks adds up to the rate exactly. Works on simulated time
 * only: the caller decides how simulated time relates to the wall clock.
 */
final class Pacer {

  private final double eventsPerSecond;
  private long last;
  private double carried;

  Pacer(double eventsPerSecond, long start) {
    this.eventsPerSecond = eventsPerSecond;
    this.last = start;
  }

  /** How many events are owed for the time from the previous call until {@code now}. */
  int eventsUntil(long now) {
    if (now > last) {
      carried += eventsPerSecond * (now - last) / 1000.0;
      last = now;
    }
    int owed = (int) Math.floor(carried);
    carried -= owed;
    return owed;
  }
}
