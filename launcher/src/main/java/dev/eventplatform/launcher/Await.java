package dev.eventplatform.launcher;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition on something outside this JVM (a port, a REST answer, a process). */
public final class Await {

  private static final Duration POLL = Duration.ofMillis(200);

  private Await() {}

  /**
   * Returns as soon as {@code condition} holds; throws a {@link LaunchException} naming {@code
   * what} when it has not within {@code timeout}.
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new LaunchException(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new LaunchException("interrupted while waiting for " + what);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }
}
