package dev.eventplatform.pricing;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import java.time.Duration;
import java.util.Objects;
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

/**
 * Joins each driver's latest position (input 1, {@code driver-positions}) with their latest status
 * (input 2, {@code driver-status}) and says when the driver starts or stops being supply somewhere:
 * a driver is supply in the pricing cell of their position when that position is not expired and
 * their status is {@code AVAILABLE}. Each change is a {@link CellEvent#supplyChange} of −1 for the
 * cell left and +1 for the cell entered, stamped with the event time of the update that caused it.
 *
 * <p>Positions and statuses come from two topics that are not in step (positions are committed by
 * location-ingest only at its checkpoints), so updates are applied in event-time order: each waits
 * for the watermark to pass it, whatever its arrival order. An update that arrives after the
 * watermark passed it is applied at once unless the driver already has a newer one of its kind.
 *
 * <p>State per driver: the joined snapshot, plus updates waiting for the watermark (each removed by
 * its own timer). A driver with no update for the idle TTL is forgotten (leaving supply if they
 * were in it), so state is bounded by the drivers active within the TTL.
 */
public final class DriverAvailability
    extends KeyedCoProcessFunction<String, DriverPosition, DriverStatus, CellEvent> {

  public static final String UID = "driver-availability";

  /** The pending cell of a position that says the driver expired: located nowhere. */
  private static final String NOWHERE = "";

  private final long idleTtlMillis;

  private transient ValueState<Driver> driver;
  private transient MapState<Long, String> pendingCells;
  private transient MapState<Long, DriverState> pendingStatuses;
  private transient Counter outdatedUpdates;

  /**
   * What is known of one driver.
   *
   * @param cell pricing cell of the latest position, {@code null} when unknown or expired
   * @param positionTs event time of the latest position applied, 0 if none
   * @param status latest status, {@code null} when none came yet
   * @param statusTs event time of the latest status applied, 0 if none
   * @param forgetAt when the idle check is next due (its timer)
   */
  public record Driver(
      String cell, long positionTs, DriverState status, long statusTs, long forgetAt) {

    /** The cell where the driver counts as supply, or {@code null}. */
    String availableIn() {
      return status == DriverState.AVAILABLE ? cell : null;
    }

    long lastUpdateTs() {
      return Math.max(positionTs, statusTs);
    }
  }

  public DriverAvailability(Duration idleTtl) {
    this.idleTtlMillis = idleTtl.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    driver = getRuntimeContext().getState(new ValueStateDescriptor<>("driver", Driver.class));
    pendingCells =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("pending-cells", Types.LONG, Types.STRING));
    pendingStatuses =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-statuses", Types.LONG, TypeInformation.of(DriverState.class)));
    outdatedUpdates = getRuntimeContext().getMetricGroup().counter("outdatedDriverUpdates");
  }

  @Override
  public void processElement1(DriverPosition position, Context context, Collector<CellEvent> out)
      throws Exception {
    String cell =
        position.expired()
            ? NOWHERE
            : Geohash.encode(position.lat(), position.lng(), Geohash.PRICING_PRECISION);
    long ts = position.ts();
    if (ts > context.timerService().currentWatermark()) {
      pendingCells.put(ts, cell);
      context.timerService().registerEventTimeTimer(ts);
    } else {
      Driver known = driver.value();
      if (known != null && ts < known.positionTs()) {
        outdatedUpdates.inc();
      } else {
        apply(cell, null, ts, context, out);
      }
    }
  }

  @Override
  public void processElement2(DriverStatus status, Context context, Collector<CellEvent> out)
      throws Exception {
    long ts = status.ts();
    if (ts > context.timerService().currentWatermark()) {
      pendingStatuses.put(ts, status.status());
      context.timerService().registerEventTimeTimer(ts);
    } else {
      Driver known = driver.value();
      if (known != null && ts < known.statusTs()) {
        outdatedUpdates.inc();
      } else {
        apply(null, status.status(), ts, context, out);
      }
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<CellEvent> out)
      throws Exception {
    String cell = pendingCells.get(time);
    DriverState status = pendingStatuses.get(time);
    if (cell != null || status != null) {
      pendingCells.remove(time);
      pendingStatuses.remove(time);
      apply(cell, status, time, context, out);
    }

    Driver known = driver.value();
    if (known != null && time == known.forgetAt()) {
      long due = known.lastUpdateTs() + idleTtlMillis;
      if (due > time) {
        // Updates came since the check was set: look again when the newest one has aged.
        context.timerService().registerEventTimeTimer(due);
        driver.update(
            new Driver(known.cell(), known.positionTs(), known.status(), known.statusTs(), due));
      } else {
        emitChange(known.availableIn(), null, time, out);
        driver.clear();
      }
    }
  }

  /** Applies a new cell and/or status (null: unchanged) and reports any change of supply. */
  private void apply(
      String cell, DriverState status, long ts, Context context, Collector<CellEvent> out)
      throws Exception {
    Driver before = driver.value();
    if (before == null) {
      // One idle check per driver, moved forward lazily, rather than a timer per update.
      long forgetAt = ts + idleTtlMillis;
      context.timerService().registerEventTimeTimer(forgetAt);
      before = new Driver(null, 0, null, 0, forgetAt);
    }
    Driver after =
        new Driver(
            cell == null ? before.cell() : (cell.equals(NOWHERE) ? null : cell),
            cell == null ? before.positionTs() : ts,
            status == null ? before.status() : status,
            status == null ? before.statusTs() : ts,
            before.forgetAt());
    driver.update(after);
    emitChange(before.availableIn(), after.availableIn(), ts, out);
  }

  private static void emitChange(String wasIn, String isIn, long ts, Collector<CellEvent> out) {
    if (Objects.equals(wasIn, isIn)) {
      return;
    }
    if (wasIn != null) {
      out.collect(CellEvent.supplyChange(wasIn, -1, ts));
    }
    if (isIn != null) {
      out.collect(CellEvent.supplyChange(isIn, +1, ts));
    }
  }
}
