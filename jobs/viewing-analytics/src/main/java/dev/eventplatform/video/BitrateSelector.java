package dev.eventplatform.video;

import dev.eventplatform.model.video.AbrDecision;
import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.PlaybackState;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adaptive bitrate, keyed by {@code sessionId}: on each heartbeat, picks the rung that both the
 * buffer and the measured throughput allow, and emits an {@code abr-decisions} record only when the
 * rung changes.
 *
 * <ul>
 *   <li><b>Buffer</b> (BBA-0): at or below the reservoir, the lowest rung; at or above reservoir +
 *       cushion, the highest; in between, the allowed bitrate grows linearly with the buffer.
 *   <li><b>Throughput</b>: at most {@code safetyFactor} × measured bandwidth, and never more than
 *       the seed design's thresholds allow (below 1 Mbps the lowest rung, below 5 Mbps the middle
 *       rung).
 *   <li><b>Hysteresis</b>: going down is immediate (a stall is worse than a blurry picture); going
 *       up needs {@code upSwitchHeartbeats} heartbeats in a row that allow a higher rung, and then
 *       goes to the lowest rung those heartbeats allowed, so one lucky measurement never moves it.
 * </ul>
 *
 * <p>Heartbeats are taken in arrival order (one session is one Kafka key, so the player's order);
 * one older than the last is ignored. PAUSED heartbeats change nothing: a paused player downloads
 * nothing, so its bandwidth says nothing. State is cleared on ENDED or after {@code session.gap} of
 * event time without heartbeats.
 */
public final class BitrateSelector
    extends KeyedProcessFunction<String, PlaybackHeartbeat, AbrDecision> {

  public static final String UID = "abr-bitrate-selector";

  /** What the selector remembers of a session. */
  public record AbrSession(int rung, int risingHeartbeats, int lowestRisingRung, long lastTs) {}

  private final AbrSettings settings;
  private final long gapMillis;

  private transient ValueState<AbrSession> sessions;

  public BitrateSelector(AbrSettings settings, Duration sessionGap) {
    this.settings = settings;
    this.gapMillis = sessionGap.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    sessions =
        getRuntimeContext().getState(new ValueStateDescriptor<>("abr-session", AbrSession.class));
  }

  @Override
  public void processElement(PlaybackHeartbeat beat, Context context, Collector<AbrDecision> out)
      throws Exception {
    AbrSession session = sessions.value();
    if (session != null && beat.ts() < session.lastTs()) {
      return;
    }
    if (session != null) {
      context.timerService().deleteEventTimeTimer(session.lastTs() + gapMillis);
    }
    if (beat.state() == PlaybackState.ENDED) {
      sessions.clear();
      return;
    }
    if (beat.state() == PlaybackState.PAUSED && session != null) {
      keep(context, new AbrSession(session.rung(), 0, 0, beat.ts()));
      return;
    }

    int bufferRung = bufferRung(beat.bufferMs());
    int throughputRung = throughputRung(beat.bandwidthKbps());
    int target = Math.min(bufferRung, throughputRung);
    String why = throughputRung < bufferRung ? throughputReason(beat) : bufferReason(beat);

    if (session == null) {
      out.collect(decision(beat, target, "startup, " + why));
      keep(context, new AbrSession(target, 0, 0, beat.ts()));
    } else if (target < session.rung()) {
      out.collect(decision(beat, target, "down, " + why));
      keep(context, new AbrSession(target, 0, 0, beat.ts()));
    } else if (target > session.rung()) {
      int rising = session.risingHeartbeats() + 1;
      int lowest = rising == 1 ? target : Math.min(session.lowestRisingRung(), target);
      if (rising >= settings.upSwitchHeartbeats()) {
        out.collect(
            decision(
                beat, lowest, "up, a higher rung allowed for " + rising + " heartbeats; " + why));
        keep(context, new AbrSession(lowest, 0, 0, beat.ts()));
      } else {
        keep(context, new AbrSession(session.rung(), rising, lowest, beat.ts()));
      }
    } else {
      keep(context, new AbrSession(session.rung(), 0, 0, beat.ts()));
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<AbrDecision> out)
      throws Exception {
    sessions.clear();
  }

  /** BBA-0's map from buffer level to the highest bitrate it allows. */
  int bufferRung(double bufferMs) {
    BitrateLadder ladder = settings.ladder();
    double reservoir = settings.reservoir().toMillis();
    double cushion = settings.cushion().toMillis();
    if (bufferMs <= reservoir) {
      return 0;
    }
    if (bufferMs >= reservoir + cushion) {
      return ladder.top();
    }
    double lowest = ladder.rung(0).kbps();
    double highest = ladder.rung(ladder.top()).kbps();
    return ladder.highestAtMost(lowest + (highest - lowest) * (bufferMs - reservoir) / cushion);
  }

  /** The highest rung the measured throughput allows, within the seed design's thresholds. */
  int throughputRung(double bandwidthKbps) {
    BitrateLadder ladder = settings.ladder();
    int byThroughput = ladder.highestAtMost(bandwidthKbps * settings.safetyFactor());
    if (bandwidthKbps < settings.lowBandwidthKbps()) {
      return 0;
    }
    if (bandwidthKbps < settings.mediumBandwidthKbps()) {
      return Math.min(byThroughput, ladder.rungs().size() / 2);
    }
    return byThroughput;
  }

  private String bufferReason(PlaybackHeartbeat beat) {
    return String.format(Locale.ROOT, "buffer %.1f s", beat.bufferMs() / 1000);
  }

  private String throughputReason(PlaybackHeartbeat beat) {
    return String.format(Locale.ROOT, "throughput %.0f kbps", beat.bandwidthKbps());
  }

  private AbrDecision decision(PlaybackHeartbeat beat, int rung, String reason) {
    BitrateLadder.Rung chosen = settings.ladder().rung(rung);
    return new AbrDecision(beat.sessionId(), chosen.kbps(), chosen.resolution(), reason, beat.ts());
  }

  private void keep(Context context, AbrSession session) throws Exception {
    sessions.update(session);
    context.timerService().registerEventTimeTimer(session.lastTs() + gapMillis);
  }
}
