package dev.eventplatform.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator has sent and seen so far, and the one-line summary it prints. */
public final class Progress {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Simulation simulation;
  private final Map<String, Long> sentByTopic = new TreeMap<>();
  private final AtomicLong sendFailures = new AtomicLong();
  private volatile String lastSendError;
  private long sent;
  private long malformed;
  private long feedbackUnreadable;
  private long sentAtLastLine;
  private long lastLineAt;

  Progress(Simulation simulation, long start) {
    this.simulation = simulation;
    this.lastLineAt = start;
  }

  void sent(OutgoingRecord record) {
    sent++;
    malformed += record.malformed() ? 1 : 0;
    sentByTopic.merge(record.topic().id(), 1L, Long::sum);
  }

  /** Called from the producer's I/O thread. */
  void sendFailed(Exception error) {
    sendFailures.incrementAndGet();
    lastSendError = error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  void feedbackUnreadable() {
    feedbackUnreadable++;
  }

  public long sent() {
    return sent;
  }

  public long malformed() {
    return malformed;
  }

  public Map<String, Long> sentByTopic() {
    return Map.copyOf(sentByTopic);
  }

  public long sendFailures() {
    return sendFailures.get();
  }

  public Simulation simulation() {
    return simulation;
  }

  /** The summary line, with the send rate since the previous line. */
  String line(long now) {
    double seconds = Math.max(0.001, (now - lastLineAt) / 1000.0);
    long rate = Math.round((sent - sentAtLastLine) / seconds);
    sentAtLastLine = sent;
    lastLineAt = now;
    StringBuilder line = new StringBuilder();
    line.append(CLOCK.format(Instant.ofEpochMilli(now)))
        .append(" sent ")
        .append(sent)
        .append(" (")
        .append(rate)
        .append("/s)");
    sentByTopic.forEach((topic, count) -> line.append(' ').append(topic).append('=').append(count));
    line.append(" | malformed ").append(malformed);
    CityWorld city = simulation.city();
    if (city != null) {
      line.append(" | matches taken ")
          .append(city.matchesTaken())
          .append(" ignored ")
          .append(city.matchesIgnored())
          .append(" trips done ")
          .append(city.tripsCompleted());
    }
    MessengerWorld messenger = simulation.messenger();
    if (messenger != null) {
      line.append(" | deliveries opened ")
          .append(messenger.deliveriesOpened())
          .append(" duplicates ")
          .append(messenger.duplicateDeliveries())
          .append(" decrypt failures ")
          .append(messenger.decryptFailures())
          .append(" missing group key ")
          .append(messenger.missingGroupKeys());
    }
    if (feedbackUnreadable > 0) {
      line.append(" | unreadable feedback ").append(feedbackUnreadable);
    }
    if (sendFailures.get() > 0) {
      line.append(" | SEND FAILURES ")
          .append(sendFailures.get())
          .append(" (last: ")
          .append(lastSendError)
          .append(')');
    }
    return line.toString();
  }
}
