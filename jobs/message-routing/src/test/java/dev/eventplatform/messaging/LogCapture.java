package dev.eventplatform.messaging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Keeps every log event of this JVM in memory (message and stack trace, as rendered), from {@link
 * #begin} to {@link #close}, with the root level lowered to INFO, what a production cluster logs
 * at. Reading events in memory does not depend on the test's console pattern or on surefire's
 * output files.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {

  private final List<String> lines = new ArrayList<>();
  private final LoggerContext context;
  private final Level previousRootLevel;

  private LogCapture(LoggerContext context) {
    super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    this.context = context;
    this.previousRootLevel = context.getConfiguration().getRootLogger().getLevel();
  }

  static LogCapture begin() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    LogCapture capture = new LogCapture(context);
    capture.start();
    Configuration configuration = context.getConfiguration();
    configuration.addAppender(capture);
    LoggerConfig root = configuration.getRootLogger();
    root.setLevel(Level.INFO);
    // Loggers with their own configuration reach the root's appenders through additivity.
    root.addAppender(capture, Level.ALL, null);
    configuration.getLoggerConfig("dev.eventplatform").setLevel(Level.ALL);
    context.updateLoggers();
    return capture;
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ');
    line.append(event.getMessage().getFormattedMessage());
    if (event.getThrown() != null) {
      StringWriter trace = new StringWriter();
      event.getThrown().printStackTrace(new PrintWriter(trace));
      line.append('\n').append(trace);
    }
    synchronized (lines) {
      lines.add(line.toString());
    }
  }

  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    Configuration configuration = context.getConfiguration();
    configuration.getRootLogger().removeAppender(getName());
    configuration.getRootLogger().setLevel(previousRootLevel);
    configuration.getLoggerConfig("dev.eventplatform").setLevel(Level.INFO);
    context.updateLoggers();
    stop();
  }
}
