package dev.eventplatform.launcher;

/**
 * A failure the user can act on, with a one-line message that says what to do. The launcher prints
 * its message, never its stack trace.
 */
public final class LaunchException extends RuntimeException {

  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
