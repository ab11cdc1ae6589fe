package dev.eventplatform.ingest;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.AnomalyKind;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.LocationAnomaly;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each driver's accepted position and turns pings into {@code driver-positions}.
 *
 * <p>Pings are applied in event-time order, when the watermark passes them. Waiting for the
 * watermark is what lets the {@link ImpossibleSpeed} pattern, which sees the same pings in the same
 * order, veto a ping before it moves the driver: its verdict (input 2) always arrives before the
 * watermark that releases the ping. Every ping has exactly one outcome: a position, or one anomaly
 * (STALE, DUPLICATE here; IMPOSSIBLE_SPEED from the pattern).
 *
 * <p>A driver silent for the TTL gets one {@code expired} record and all its state is cleared.
 * State per driver: the last position, plus pings and verdicts waiting for the watermark (each
 * removed by its own timer), so it is bounded by live drivers × out-of-orderness.
 */
public final class DriverPositionTracker
    extends KeyedCoProcessFunction<String, DriverLocation, LocationAnomaly, DriverPosition> {

  public static final String UID = "driver-position-tracker";

  /** STALE and DUPLICATE pings. */
  public static final OutputTag<LocationAnomaly> ANOMALIES =
      new OutputTag<>("location-anomalies", TypeInformation.of(LocationAnomaly.class));

  private final long ttlMillis;

  private transient ValueState<DriverPosition> lastPosition;
  private transient MapState<Long, DriverLocation> waitingPings;

  /** Event times of pings the pattern rejected, and whether that ping has itself arrived here. */
  private transient MapState<Long, Boolean> vetoedPings;

  private transient Counter liveDrivers;

  public DriverPositionTracker(Duration ttl) {
    this.ttlMillis = ttl.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    lastPosition =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("last-position", DriverPosition.class));
    waitingPings =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting-pings", Types.LONG, TypeInformation.of(DriverLocation.class)));
    vetoedPings =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("vetoed-pings", Types.LONG, Types.BOOLEAN));
    liveDrivers = getRuntimeContext().getMetricGroup().counter("liveDrivers");
  }

  @Override
  public void processElement1(DriverLocation ping, Context context, Collector<DriverPosition> out)
      throws Exception {
    long ts = ping.ts();
    DriverPosition last = lastPosition.value();
    DriverLocation waiting = waitingPings.get(ts);
    Boolean vetoArrivedPing = vetoedPings.get(ts);

    if ((last != null && last.ts() == ts && samePlace(last, ping))
        || (waiting != null && samePlace(waiting, ping))
        || Boolean.TRUE.equals(vetoArrivedPing)) {
      report(context, ping, AnomalyKind.DUPLICATE, "repeats a ping already received");
    } else if (vetoArrivedPing != null) {
      // The pattern got to this ping first and has already reported it.
      vetoedPings.put(ts, true);
    } else if (waiting != null) {
      report(context, ping, AnomalyKind.STALE, "another ping of the driver has the same time");
    } else if (last != null && ts <= last.ts()) {
      report(context, ping, AnomalyKind.STALE, "older than the driver's position at " + last.ts());
    } else if (ts <= context.timerService().currentWatermark()) {
      report(context, ping, AnomalyKind.STALE, "arrived after event time passed it");
    } else {
      waitingPings.put(ts, ping);
      context.timerService().registerEventTimeTimer(ts);
    }
  }

  /**
   * A verdict of the {@link ImpossibleSpeed} pattern: the ping at that time must not be applied.
   */
  @Override
  public void processElement2(LocationAnomaly veto, Context context, Collector<DriverPosition> out)
      throws Exception {
    long ts = veto.ts();
    if (waitingPings.contains(ts)) {
      waitingPings.remove(ts);
      vetoedPings.put(ts, true);
    } else {
      vetoedPings.put(ts, false);
    }
    // Keeps the veto until the watermark passes, so a repeat of the ping is still recognised.
    context.timerService().registerEventTimeTimer(ts);
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<DriverPosition> out)
      throws Exception {
    DriverLocation ping = waitingPings.get(time);
    if (ping != null) {
      waitingPings.remove(time);
      apply(ping, context, out);
    }
    vetoedPings.remove(time);

    DriverPosition last = lastPosition.value();
    if (last != null && time >= last.ts() + ttlMillis) {
      out.collect(
          new DriverPosition(
              last.driverId(), last.lat(), last.lng(), last.geohash(), last.geohash(), true, time));
      lastPosition.clear();
      liveDrivers.dec();
    }
  }

  private void apply(DriverLocation ping, Context context, Collector<DriverPosition> out)
      throws Exception {
    DriverPosition last = lastPosition.value();
    DriverPosition position =
        new DriverPosition(
            ping.driverId(),
            ping.lat(),
            ping.lng(),
            Geohash.encode(ping.lat(), ping.lng(), Geohash.POSITION_PRECISION),
            last == null ? null : last.geohash(),
            false,
            ping.ts());
    out.collect(position);
    if (last == null) {
      liveDrivers.inc();
    } else {
      long oldExpiry = last.ts() + ttlMillis;
      // One timer serves every purpose at its instant: keep it if a ping or veto still needs it.
      if (!waitingPings.contains(oldExpiry) && !vetoedPings.contains(oldExpiry)) {
        context.timerService().deleteEventTimeTimer(oldExpiry);
      }
    }
    lastPosition.update(position);
    context.timerService().registerEventTimeTimer(ping.ts() + ttlMillis);
  }

  private static void report(
      Context context, DriverLocation ping, AnomalyKind kind, String detail) {
    context.output(ANOMALIES, new LocationAnomaly(ping.driverId(), kind, detail, ping.ts()));
  }

  private static boolean samePlace(DriverPosition position, DriverLocation ping) {
    return position.lat() == ping.lat() && position.lng() == ping.lng();
  }

  private static boolean samePlace(DriverLocation a, DriverLocation b) {
    return a.lat() == b.lat() && a.lng() == b.lng();
  }
}
