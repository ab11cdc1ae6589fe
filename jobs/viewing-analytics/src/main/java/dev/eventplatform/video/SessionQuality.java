package dev.eventplatform.video;

import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.PlaybackState;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Quality of experience of one playback session, keyed by {@code sessionId}. The time between two
 * heartbeats belongs to the state of the first one: that is how long the player was REBUFFERING or
 * PLAYING (at the bitrate it reported). Startup time is STARTING to the first PLAYING.
 *
 * <p>A session ends on ENDED or after {@code session.gap} of event time without heartbeats; then
 * one {@link SessionSummary} goes out (timestamped at the ENDED heartbeat, or at the gap's end) and
 * the state is cleared.
 *
 * <p>Heartbeats are taken in arrival order, the player's order. Metrics: {@code lateHeartbeats}
 * counts heartbeats that came after event time had passed them (still used, but their session may
 * land in a window that has already been reported, see {@link QoeReport}); {@code
 * outOfOrderHeartbeats} counts heartbeats older than the session's last one, which are ignored.
 */
public final class SessionQuality
    extends KeyedProcessFunction<String, PlaybackHeartbeat, SessionSummary> {

  public static final String UID = "qoe-session-quality";

  /** What is known about a session so far. */
  public record SessionStats(
      String contentId,
      String device,
      long firstTs,
      long startingTs,
      long startupMs,
      long lastTs,
      PlaybackState lastState,
      double lastBitrateKbps,
      long rebufferMs,
      long playingMs,
      double bitrateKbpsMs,
      long bitrateSwitches) {

    static SessionStats start(PlaybackHeartbeat beat) {
      long starting = beat.state() == PlaybackState.STARTING ? beat.ts() : -1;
      return new SessionStats(
          beat.contentId(),
          beat.device(),
          beat.ts(),
          starting,
          -1,
          beat.ts(),
          beat.state(),
          beat.bitrateKbps(),
          0,
          0,
          0,
          0);
    }

    SessionStats next(PlaybackHeartbeat beat) {
      long elapsed = beat.ts() - lastTs;
      boolean playing = lastState == PlaybackState.PLAYING;
      long starting =
          startingTs < 0 && beat.state() == PlaybackState.STARTING ? beat.ts() : startingTs;
      long startup =
          startupMs < 0 && starting >= 0 && beat.state() == PlaybackState.PLAYING
              ? beat.ts() - starting
              : startupMs;
      boolean switched =
          lastBitrateKbps > 0 && beat.bitrateKbps() > 0 && beat.bitrateKbps() != lastBitrateKbps;
      return new SessionStats(
          contentId,
          device,
          firstTs,
          starting,
          startup,
          beat.ts(),
          beat.state(),
          beat.bitrateKbps() > 0 ? beat.bitrateKbps() : lastBitrateKbps,
          rebufferMs + (lastState == PlaybackState.REBUFFERING ? elapsed : 0),
          playingMs + (playing ? elapsed : 0),
          bitrateKbpsMs + (playing ? lastBitrateKbps * elapsed : 0),
          bitrateSwitches + (switched ? 1 : 0));
    }

    SessionSummary summary(String sessionId, long ts) {
      return new SessionSummary(
          sessionId,
          contentId,
          device,
          startupMs,
          lastTs - firstTs,
          rebufferMs,
          playingMs,
          bitrateKbpsMs,
          bitrateSwitches,
          ts);
    }
  }

  private final long gapMillis;

  private transient ValueState<SessionStats> sessions;
  private transient Counter lateHeartbeats;
  private transient Counter outOfOrderHeartbeats;

  public SessionQuality(Duration sessionGap) {
    this.gapMillis = sessionGap.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    sessions =
        getRuntimeContext().getState(new ValueStateDescriptor<>("qoe-session", SessionStats.class));
    lateHeartbeats = getRuntimeContext().getMetricGroup().counter("lateHeartbeats");
    outOfOrderHeartbeats = getRuntimeContext().getMetricGroup().counter("outOfOrderHeartbeats");
  }

  @Override
  public void processElement(PlaybackHeartbeat beat, Context context, Collector<SessionSummary> out)
      throws Exception {
    if (beat.ts() <= context.timerService().currentWatermark()) {
      lateHeartbeats.inc();
    }
    SessionStats stats = sessions.value();
    if (stats != null && beat.ts() < stats.lastTs()) {
      outOfOrderHeartbeats.inc();
      return;
    }
    if (stats != null) {
      context.timerService().deleteEventTimeTimer(stats.lastTs() + gapMillis);
    }
    stats = stats == null ? SessionStats.start(beat) : stats.next(beat);
    if (beat.state() == PlaybackState.ENDED) {
      out.collect(stats.summary(beat.sessionId(), beat.ts()));
      sessions.clear();
    } else {
      sessions.update(stats);
      context.timerService().registerEventTimeTimer(beat.ts() + gapMillis);
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<SessionSummary> out)
      throws Exception {
    SessionStats stats = sessions.value();
    if (stats != null) {
      out.collect(stats.summary(context.getCurrentKey(), time));
      sessions.clear();
    }
  }
}
