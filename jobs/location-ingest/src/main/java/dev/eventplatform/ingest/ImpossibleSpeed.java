package dev.eventplatform.ingest;

import dev.eventplatform.geo.Haversine;
import dev.eventplatform.model.ride.AnomalyKind;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.LocationAnomaly;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.Collector;

/**
 * The flink-cep pattern for GPS spoofing and teleporting fixes: two consecutive pings of a driver,
 * in event-time order, that imply a speed above the limit. The second ping of such a pair is the
 * bad one; it is reported as {@code IMPOSSIBLE_SPEED}, and the pattern starts afresh after it, so
 * one glitch (A, B far away, C back near A) gives one anomaly, for B.
 *
 * <p>Pings further apart than the driver TTL are not consecutive: the driver expired in between,
 * and {@code within} also bounds the pattern's state for drivers that fell silent.
 */
public final class ImpossibleSpeed {

  public static final String UID = "impossible-speed-cep";

  private ImpossibleSpeed() {}

  public static DataStream<LocationAnomaly> detect(
      KeyedStream<DriverLocation, String> pingsByDriver, LocationIngestConfig config) {
    return CEP.pattern(pingsByDriver, pattern(config.maxSpeedKmh(), config.driverTtl()))
        .inEventTime()
        .process(new ReportSecondPing())
        .uid(UID)
        .name("Impossible speed (CEP)");
  }

  static Pattern<DriverLocation, DriverLocation> pattern(double maxSpeedKmh, Duration within) {
    return Pattern.<DriverLocation>begin("previous", AfterMatchSkipStrategy.skipPastLastEvent())
        .next("current")
        .where(new FasterThan(maxSpeedKmh))
        .within(within);
  }

  /** The speed between two pings in km/h; pings at the same instant have no speed. */
  static double speedKmh(DriverLocation from, DriverLocation to) {
    long millis = to.ts() - from.ts();
    if (millis <= 0) {
      return 0;
    }
    double km = Haversine.distanceKm(from.lat(), from.lng(), to.lat(), to.lng());
    return km / (millis / 3_600_000.0);
  }

  /** True for a ping that moved faster than the limit from the one before it. */
  private static final class FasterThan extends IterativeCondition<DriverLocation> {
    private final double maxSpeedKmh;

    FasterThan(double maxSpeedKmh) {
      this.maxSpeedKmh = maxSpeedKmh;
    }

    @Override
    public boolean filter(DriverLocation current, Context<DriverLocation> context)
        throws Exception {
      DriverLocation previous = context.getEventsForPattern("previous").iterator().next();
      return speedKmh(previous, current) > maxSpeedKmh;
    }
  }

  private static final class ReportSecondPing
      extends PatternProcessFunction<DriverLocation, LocationAnomaly> {

    @Override
    public void processMatch(
        Map<String, List<DriverLocation>> match, Context context, Collector<LocationAnomaly> out) {
      DriverLocation previous = match.get("previous").get(0);
      DriverLocation current = match.get("current").get(0);
      double km =
          Haversine.distanceKm(previous.lat(), previous.lng(), current.lat(), current.lng());
      String detail =
          String.format(
              Locale.ROOT,
              "moved %.2f km in %.1f s (%.0f km/h) from %.5f,%.5f to %.5f,%.5f",
              km,
              (current.ts() - previous.ts()) / 1000.0,
              speedKmh(previous, current),
              previous.lat(),
              previous.lng(),
              current.lat(),
              current.lng());
      out.collect(
          new LocationAnomaly(
              current.driverId(), AnomalyKind.IMPOSSIBLE_SPEED, detail, current.ts()));
    }
  }
}
