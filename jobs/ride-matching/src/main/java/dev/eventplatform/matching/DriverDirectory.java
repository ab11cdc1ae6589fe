package dev.eventplatform.matching;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins each driver's position and status, keyed by driver, and copies the driver to every area
 * that has a point within the radius of it (border replication): the area of any pickup within the
 * radius is among them, so an area sees every driver that could serve its requests. When the driver
 * moves out of an area's reach, expires or goes OFFLINE, the area is told it left.
 *
 * <p>Updates of one driver reach an area in order, since they travel one channel. State: the last
 * position (cleared on expiry), the last status and the areas holding a copy; the status is dropped
 * after {@code driver-retention} without change.
 */
public final class DriverDirectory
    extends KeyedCoProcessFunction<String, DriverPosition, DriverStatus, AreaDriverUpdate> {

  public static final String UID = "driver-directory";

  private final double radiusKm;
  private final int areaPrecision;
  private final Duration retention;

  private transient ValueState<DriverPosition> position;
  private transient ValueState<DriverStatus> status;
  private transient ValueState<String[]> areas;

  public DriverDirectory(RideMatchingConfig config) {
    this.radiusKm = config.radiusKm();
    this.areaPrecision = config.areaPrecision();
    this.retention = config.driverRetention();
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(retention).build();
    position =
        getRuntimeContext().getState(new ValueStateDescriptor<>("position", DriverPosition.class));
    ValueStateDescriptor<DriverStatus> statusDescriptor =
        new ValueStateDescriptor<>("status", DriverStatus.class);
    statusDescriptor.enableTimeToLive(ttl);
    status = getRuntimeContext().getState(statusDescriptor);
    ValueStateDescriptor<String[]> areasDescriptor =
        new ValueStateDescriptor<>("areas", BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO);
    areasDescriptor.enableTimeToLive(ttl);
    areas = getRuntimeContext().getState(areasDescriptor);
  }

  @Override
  public void processElement1(DriverPosition next, Context context, Collector<AreaDriverUpdate> out)
      throws Exception {
    DriverPosition last = position.value();
    if (last != null && next.ts() < last.ts()) {
      return; // a replayed older position must not move the driver back
    }
    if (next.expired()) {
      position.clear();
      publish(context.getCurrentKey(), null, out);
    } else {
      position.update(next);
      publish(context.getCurrentKey(), status.value(), out);
    }
  }

  @Override
  public void processElement2(DriverStatus next, Context context, Collector<AreaDriverUpdate> out)
      throws Exception {
    DriverStatus last = status.value();
    if (last != null && next.ts() < last.ts()) {
      return;
    }
    status.update(next);
    publish(context.getCurrentKey(), next, out);
  }

  /** Sends the driver to the areas within reach now, and says goodbye to those it left. */
  private void publish(String driverId, DriverStatus currentStatus, Collector<AreaDriverUpdate> out)
      throws Exception {
    DriverPosition current = position.value();
    List<String> reach = List.of();
    DriverSnapshot snapshot = null;
    // An OFFLINE driver is of no use to any request: no area needs to keep it.
    if (current != null && currentStatus != null && currentStatus.status() != DriverState.OFFLINE) {
      snapshot = DriverSnapshot.of(current, currentStatus);
      reach = Geohash.cellsWithin(current.lat(), current.lng(), radiusKm, areaPrecision);
    }
    String[] before = areas.value();
    if (before != null) {
      for (String area : before) {
        if (!reach.contains(area)) {
          out.collect(new AreaDriverUpdate(area, DriverSnapshot.departed(driverId), true));
        }
      }
    }
    for (String area : reach) {
      out.collect(new AreaDriverUpdate(area, snapshot, false));
    }
    if (reach.isEmpty()) {
      areas.clear();
    } else {
      areas.update(reach.toArray(String[]::new));
    }
  }
}
