package dev.eventplatform.ingest;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.AnomalyKind;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.LocationAnomaly;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each driver's accepted position and turns pings into {@code driver-positions}.
 *
 * <p>Pings are released in event-time order, when the watermark passes them, so "the previous ping"
 * means the previous one in time, not in arrival. Each released ping is checked against {@link
 * ImpossibleSpeed}; one that breaks it is reported and does not move the driver, and the ping after
 * it is not compared with it (one glitch A, B far away, C back near A reports B alone). Every ping
 * has exactly one outcome: a position, or one anomaly (STALE, DUPLICATE or IMPOSSIBLE_SPEED).
 *
 * <p>A driver silent for the TTL gets one {@code expired} record and all its state is cleared.
 * State per driver: the last position, the last released ping if it was flagged, and the pings
 * waiting for the watermark (each removed by its own timer). Every access is a point lookup, so the
 * cost of a ping does not grow with the number of drivers.
 */
public final class DriverPositionTracker
    extends KeyedProcessFunction<String, DriverLocation, DriverPosition> {

  public static final String UID = "driver-position-tracker";

  /** STALE, DUPLICATE and IMPOSSIBLE_SPEED pings. */
  public static final OutputTag<LocationAnomaly> ANOMALIES =
      new OutputTag<>("location-anomalies", TypeInformation.of(LocationAnomaly.class));

  private final long ttlMillis;
  private final ImpossibleSpeed impossibleSpeed;

  private transient ValueState<DriverPosition> lastPosition;
  private transient ValueState<DriverLocation> flaggedPing;
  private transient MapState<Long, DriverLocation> waitingPings;
  private transient Counter liveDrivers;
  private transient Counter latePings;

  public DriverPositionTracker(Duration ttl, ImpossibleSpeed impossibleSpeed) {
    this.ttlMillis = ttl.toMillis();
    this.impossibleSpeed = impossibleSpeed;
  }

  @Override
  public void open(OpenContext openContext) {
    lastPosition =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("last-position", DriverPosition.class));
    flaggedPing =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("flagged-ping", DriverLocation.class));
    waitingPings =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting-pings", Types.LONG, TypeInformation.of(DriverLocation.class)));
    liveDrivers = getRuntimeContext().getMetricGroup().counter("liveDrivers");
    latePings = getRuntimeContext().getMetricGroup().counter("latePings");
  }

  @Override
  public void processElement(DriverLocation ping, Context context, Collector<DriverPosition> out)
      throws Exception {
    long ts = ping.ts();
    DriverPosition last = lastPosition.value();
    DriverLocation flagged = flaggedPing.value();
    DriverLocation waiting = waitingPings.get(ts);

    if ((last != null && last.ts() == ts && samePlace(last, ping))
        || (flagged != null && flagged.ts() == ts && samePlace(flagged, ping))
        || (waiting != null && samePlace(waiting, ping))) {
      report(context, ping, AnomalyKind.DUPLICATE, "repeats a ping already received");
    } else if (waiting != null) {
      report(context, ping, AnomalyKind.STALE, "another ping of the driver has the same time");
    } else if (last != null && ts <= last.ts()) {
      report(context, ping, AnomalyKind.STALE, "older than the driver's position at " + last.ts());
    } else if (ts <= context.timerService().currentWatermark()) {
      latePings.inc();
      report(context, ping, AnomalyKind.STALE, "arrived after event time passed it");
    } else {
      waitingPings.put(ts, ping);
      context.timerService().registerEventTimeTimer(ts);
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<DriverPosition> out)
      throws Exception {
    DriverLocation ping = waitingPings.get(time);
    if (ping != null) {
      waitingPings.remove(time);
      release(ping, context, out);
    }

    DriverPosition last = lastPosition.value();
    if (last != null && time >= last.ts() + ttlMillis) {
      out.collect(
          new DriverPosition(
              last.driverId(), last.lat(), last.lng(), last.geohash(), last.geohash(), true, time));
      lastPosition.clear();
      flaggedPing.clear();
      liveDrivers.dec();
    }
  }

  /** The next ping in event time: checked against the speed rule, then applied if it passes. */
  private void release(DriverLocation ping, Context context, Collector<DriverPosition> out)
      throws Exception {
    DriverPosition last = lastPosition.value();
    if (last != null && flaggedPing.value() == null) {
      Optional<String> violation = impossibleSpeed.violation(last, ping);
      if (violation.isPresent()) {
        flaggedPing.update(ping);
        report(context, ping, AnomalyKind.IMPOSSIBLE_SPEED, violation.get());
        return;
      }
    }
    flaggedPing.clear();
    apply(ping, last, context, out);
  }

  private void apply(
      DriverLocation ping, DriverPosition last, Context context, Collector<DriverPosition> out)
      throws Exception {
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
      // One timer serves every purpose at its instant: keep it if a waiting ping needs it.
      if (!waitingPings.contains(oldExpiry)) {
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
