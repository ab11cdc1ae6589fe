package dev.eventplatform.ingest;

import dev.eventplatform.config.Settings;
import dev.eventplatform.job.JobEnvironment;
import dev.eventplatform.job.KafkaEndpoints;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.LocationAnomaly;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * location-ingest: {@code driver-locations} → {@code driver-positions} (each accepted ping with its
 * precision-7 geohash and the previous one; one {@code expired} record when a driver falls silent
 * for the TTL) and {@code location-anomalies} (stale, duplicate and impossible-speed pings).
 *
 * <p>Both outputs are exactly-once: a downstream job reading {@code read_committed} sees each
 * position once, after the checkpoint that commits it.
 */
public final class LocationIngestJob {

  public static final String NAME = "location-ingest";

  private LocationIngestJob() {}

  public static void main(String[] args) throws Exception {
    LocationIngestConfig config = LocationIngestConfig.from(Settings.fromArgs(args));
    StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
    KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());

    Outputs outputs = build(kafka.read(Topics.DRIVER_LOCATIONS), config);

    kafka.write(outputs.positions(), Topics.DRIVER_POSITIONS);
    kafka.write(outputs.anomalies(), Topics.LOCATION_ANOMALIES);
    kafka.execute();
  }

  /** What the job produces, before it is written anywhere. */
  public record Outputs(
      DataStream<DriverPosition> positions, DataStream<LocationAnomaly> anomalies) {}

  /** The pipeline, from pings with timestamps and watermarks to positions and anomalies. */
  public static Outputs build(DataStream<DriverLocation> pings, LocationIngestConfig config) {
    SingleOutputStreamOperator<DriverPosition> positions =
        pings
            .keyBy(DriverLocation::driverId)
            .process(
                new DriverPositionTracker(
                    config.driverTtl(), new ImpossibleSpeed(config.maxSpeedKmh())))
            .uid(DriverPositionTracker.UID)
            .name("Driver positions");
    return new Outputs(positions, positions.getSideOutput(DriverPositionTracker.ANOMALIES));
  }
}
