package dev.eventplatform.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.launcher.FlinkRestClient.JobOverview;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the live summary shows, built from the records it reads: records per topic (in total, per
 * second, and how long after the command its first record came), matches and unmatched requests,
 * the hottest surge cells, deliveries and pushes, dead letters by job and reason. {@link #render}
 * turns it into text; no I/O here.
 */
public final class SummaryBoard {

  private static final int HOT_CELLS = 5;
  private static final Map<String, String> SECTIONS = sections();

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Long> totals = new LinkedHashMap<>();
  private final Map<String, Long> atLastRender = new HashMap<>();
  private final Map<String, Duration> firstRecordAfter = new HashMap<>();
  private final Map<String, Surge> surgeByCell = new HashMap<>();
  private final Map<String, Long> unmatchedByReason = new TreeMap<>();
  private final Map<String, Long> deadLettersByCause = new TreeMap<>();

  /** The latest surge price of a cell. */
  record Surge(String cell, double multiplier, long demand, long supply) {}

  public SummaryBoard() {
    // Inputs first, then outputs, then dead letters: one block each.
    List.of("Events in", "Events out", "Rejected")
        .forEach(
            section ->
                Topics.ALL.stream()
                    .filter(topic -> SECTIONS.get(topic.id()).equals(section))
                    .forEach(topic -> totals.put(topic.id(), 0L)));
  }

  /**
   * Counts one record of {@code topic}, read {@code sinceStart} after the platform was started, and
   * takes what the summary shows from its value.
   */
  public void record(String topic, byte[] value, Duration sinceStart) {
    totals.merge(topic, 1L, Long::sum);
    firstRecordAfter.putIfAbsent(topic, sinceStart);
    JsonNode event = parse(value);
    if (event == null) {
      return;
    }
    if (topic.equals(Topics.SURGE_PRICES.id())) {
      String cell = event.path("cell").asText();
      surgeByCell.put(
          cell,
          new Surge(
              cell,
              event.path("multiplier").asDouble(),
              event.path("demand").asLong(),
              event.path("supply").asLong()));
    } else if (topic.equals(Topics.RIDE_UNMATCHED.id())) {
      unmatchedByReason.merge(event.path("reason").asText("?"), 1L, Long::sum);
    } else if (topic.equals(Topics.DEAD_LETTERS.id())) {
      deadLettersByCause.merge(
          event.path("job").asText("?") + ": " + shorten(event.path("error").asText("?"), 70),
          1L,
          Long::sum);
    }
  }

  public long total(String topic) {
    return totals.getOrDefault(topic, 0L);
  }

  /** The cells with the highest multipliers, highest first. */
  List<Surge> hottestCells() {
    return surgeByCell.values().stream()
        .sorted(Comparator.comparingDouble(Surge::multiplier).reversed().thenComparing(Surge::cell))
        .limit(HOT_CELLS)
        .toList();
  }

  /**
   * The summary as lines of text. Rates are per second over {@code sinceLastRender}, the time since
   * the previous call.
   */
  public List<String> render(
      Duration uptime, Duration sinceLastRender, List<JobOverview> jobs, String header) {
    List<String> lines = new ArrayList<>();
    lines.add(header + "   up " + format(uptime));
    lines.add("");
    lines.add(
        "Jobs: "
            + (jobs.isEmpty()
                ? "none running"
                : String.join(
                    "  ", jobs.stream().map(job -> job.name() + " " + job.state()).toList())));
    String section = null;
    for (Map.Entry<String, Long> topic : totals.entrySet()) {
      String topicSection = SECTIONS.getOrDefault(topic.getKey(), "Other");
      if (!topicSection.equals(section)) {
        section = topicSection;
        lines.add("");
        lines.add(
            String.format("%-22s %12s %10s %12s", section, "records", "per s", "first after"));
      }
      long total = topic.getValue();
      long before = atLastRender.getOrDefault(topic.getKey(), 0L);
      double perSecond =
          sinceLastRender.isZero() ? 0 : (total - before) * 1000.0 / sinceLastRender.toMillis();
      Duration first = firstRecordAfter.get(topic.getKey());
      lines.add(
          String.format(
              "  %-20s %12d %10.1f %12s",
              topic.getKey(), total, perSecond, first == null ? "-" : format(first)));
      atLastRender.put(topic.getKey(), total);
    }
    lines.add("");
    lines.add(
        String.format(
            "Rides: %d matched, %d unmatched %s",
            total(Topics.RIDE_MATCHES.id()), total(Topics.RIDE_UNMATCHED.id()), unmatchedByReason));
    lines.add("Hottest surge cells:" + (hottestCells().isEmpty() ? " none yet" : ""));
    for (Surge surge : hottestCells()) {
      lines.add(
          String.format(
              "  %-8s x%.2f  demand %d  supply %d",
              surge.cell(), surge.multiplier(), surge.demand(), surge.supply()));
    }
    lines.add(
        String.format(
            "Messages: %d delivered, %d push notifications",
            total(Topics.DELIVERIES.id()), total(Topics.PUSH_NOTIFICATIONS.id())));
    lines.add("Dead letters: " + total(Topics.DEAD_LETTERS.id()));
    deadLettersByCause.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(5)
        .forEach(cause -> lines.add(String.format("  %6d  %s", cause.getValue(), cause.getKey())));
    return lines;
  }

  private JsonNode parse(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      return json.readTree(value);
    } catch (IOException e) {
      return null; // a malformed input record: counted above, shown later among the dead letters
    }
  }

  private static String shorten(String text, int max) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }

  private static String format(Duration duration) {
    return String.format(
        "%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart());
  }

  private static Map<String, String> sections() {
    Map<String, String> sections = new HashMap<>();
    for (Topic<?> topic :
        List.of(
            Topics.DRIVER_LOCATIONS,
            Topics.DRIVER_STATUS,
            Topics.RIDE_REQUESTS,
            Topics.PRICING_CONTEXT,
            Topics.CONTENT_CATALOG,
            Topics.VIEWING_EVENTS,
            Topics.PLAYBACK_HEARTBEATS,
            Topics.CHAT_MESSAGES,
            Topics.PRESENCE,
            Topics.GROUP_MEMBERSHIP,
            Topics.RECEIPTS)) {
      sections.put(topic.id(), "Events in");
    }
    for (Topic<?> topic : Topics.ALL) {
      sections.putIfAbsent(topic.id(), topic == Topics.DEAD_LETTERS ? "Rejected" : "Events out");
    }
    return sections;
  }
}
