package dev.eventplatform.video;

import dev.eventplatform.model.video.QoeMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns the sessions of one (contentId, device) that ended in one window into {@code qoe-metrics}.
 * Percentiles are exact (nearest rank) over the window's sessions: a window holds the sessions of
 * one title on one device class ending in one minute, a list small enough to sort. Ratios are
 * weighted by time: rebuffer time over session time, and bitrate over playing time, summed across
 * sessions. A window without any session that reached PLAYING reports startup percentiles of 0.
 */
public final class QoeReport
    extends ProcessWindowFunction<SessionSummary, QoeMetrics, String, TimeWindow> {

  public static final String UID = "qoe-report";

  @Override
  public void process(
      String key, Context context, Iterable<SessionSummary> sessions, Collector<QoeMetrics> out) {
    out.collect(report(sessions, context.window().getEnd()));
  }

  static QoeMetrics report(Iterable<SessionSummary> sessions, long windowEnd) {
    List<Long> startups = new ArrayList<>();
    long count = 0;
    long sessionMs = 0;
    long rebufferMs = 0;
    long playingMs = 0;
    double bitrateKbpsMs = 0;
    long switches = 0;
    SessionSummary any = null;
    for (SessionSummary session : sessions) {
      any = session;
      count++;
      if (session.hasStartup()) {
        startups.add(session.startupMs());
      }
      sessionMs += session.sessionMs();
      rebufferMs += session.rebufferMs();
      playingMs += session.playingMs();
      bitrateKbpsMs += session.bitrateKbpsMs();
      switches += session.bitrateSwitches();
    }
    Collections.sort(startups);
    return new QoeMetrics(
        any.contentId(),
        any.device(),
        windowEnd,
        count,
        percentile(startups, 0.50),
        percentile(startups, 0.95),
        sessionMs == 0 ? 0 : (double) rebufferMs / sessionMs,
        playingMs == 0 ? 0 : bitrateKbpsMs / playingMs,
        switches,
        windowEnd);
  }

  /** Nearest-rank percentile of a sorted list; 0 for an empty one. */
  static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
