package dev.eventplatform.ingest;

import static dev.eventplatform.ingest.Pings.FAR_LAT;
import static dev.eventplatform.ingest.Pings.FAR_LNG;
import static dev.eventplatform.ingest.Pings.LAT;
import static dev.eventplatform.ingest.Pings.LNG_150M_EAST;
import static dev.eventplatform.ingest.Pings.ONE_MINUTE;
import static dev.eventplatform.ingest.Pings.ONE_SECOND;
import static dev.eventplatform.ingest.Pings.T0;
import static dev.eventplatform.ingest.Pings.atStation;
import static dev.eventplatform.ingest.Pings.ping;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.config.Settings;
import dev.eventplatform.job.EventTime;
import dev.eventplatform.job.JobEnvironment;
import dev.eventplatform.model.ride.AnomalyKind;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.LocationAnomaly;
import dev.eventplatform.testing.FlinkTestCluster;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flink-cep speed pattern, alone and inside the whole pipeline, on bounded input. */
class ImpossibleSpeedTest {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();

  private static final LocationIngestConfig CONFIG =
      LocationIngestConfig.from(Settings.of(Map.of("bootstrap-servers", "unused:9092")));

  @Test
  void speedIsDistanceOverTimeAndPingsAtOneInstantHaveNone() {
    DriverLocation station = atStation("d1", T0);
    DriverLocation geneva = ping("d1", FAR_LAT, FAR_LNG, T0 + 3_600_000);

    assertThat(ImpossibleSpeed.speedKmh(station, geneva)).isBetween(220.0, 230.0);
    assertThat(ImpossibleSpeed.speedKmh(station, ping("d1", FAR_LAT, FAR_LNG, T0))).isZero();
  }

  @Test
  void aTeleportIsReportedOnceForTheBadPing() throws Exception {
    List<LocationAnomaly> anomalies =
        detect(
            atStation("d1", T0),
            ping("d1", FAR_LAT, FAR_LNG, T0 + ONE_MINUTE),
            atStation("d1", T0 + 2 * ONE_MINUTE),
            ping("d1", LAT, LNG_150M_EAST, T0 + 3 * ONE_MINUTE));

    assertThat(anomalies)
        .singleElement()
        .satisfies(
            anomaly -> {
              assertThat(anomaly.kind()).isEqualTo(AnomalyKind.IMPOSSIBLE_SPEED);
              assertThat(anomaly.ts()).isEqualTo(T0 + ONE_MINUTE);
              assertThat(anomaly.detail()).contains("km/h");
            });
  }

  @Test
  void cityDrivingIsNotAnAnomaly() throws Exception {
    // 150 m in 10 s is 54 km/h.
    assertThat(detect(atStation("d1", T0), ping("d1", LAT, LNG_150M_EAST, T0 + 10 * ONE_SECOND)))
        .isEmpty();
  }

  @Test
  void theSpeedLimitIsConfigurable() throws Exception {
    LocationIngestConfig strict =
        LocationIngestConfig.from(
            Settings.of(Map.of("bootstrap-servers", "unused:9092", "max-speed-kmh", "30")));

    assertThat(
            detect(
                strict, atStation("d1", T0), ping("d1", LAT, LNG_150M_EAST, T0 + 10 * ONE_SECOND)))
        .extracting(LocationAnomaly::kind)
        .containsExactly(AnomalyKind.IMPOSSIBLE_SPEED);
  }

  @Test
  void eachDriverIsJudgedOnlyAgainstItsOwnPings() throws Exception {
    assertThat(detect(atStation("d1", T0), ping("d2", FAR_LAT, FAR_LNG, T0 + ONE_SECOND)))
        .isEmpty();
  }

  @Test
  void inThePipelineTheTeleportNeverMovesTheDriver() throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(CONFIG.platform());
    DataStream<DriverLocation> pings =
        env.fromData(
                atStation("d1", T0),
                ping("d1", FAR_LAT, FAR_LNG, T0 + ONE_MINUTE),
                ping("d1", LAT, LNG_150M_EAST, T0 + 2 * ONE_MINUTE))
            .assignTimestampsAndWatermarks(EventTime.forEvents(CONFIG.platform()));

    LocationIngestJob.Outputs outputs = LocationIngestJob.build(pings, CONFIG);
    List<DriverPosition> positions = collect(outputs.positions());

    assertThat(positions)
        .filteredOn(position -> !position.expired())
        .extracting(DriverPosition::ts)
        .containsExactly(T0, T0 + 2 * ONE_MINUTE);
    assertThat(positions).noneMatch(position -> position.lat() == FAR_LAT);
  }

  private static List<LocationAnomaly> detect(DriverLocation... pings) throws Exception {
    return detect(CONFIG, pings);
  }

  private static List<LocationAnomaly> detect(LocationIngestConfig config, DriverLocation... pings)
      throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
    DataStream<DriverLocation> stream =
        env.fromData(pings).assignTimestampsAndWatermarks(EventTime.forEvents(config.platform()));
    return collect(ImpossibleSpeed.detect(stream.keyBy(DriverLocation::driverId), config));
  }

  private static <T> List<T> collect(DataStream<T> stream) throws Exception {
    try (CloseableIterator<T> results = stream.executeAndCollect()) {
      List<T> all = new java.util.ArrayList<>();
      results.forEachRemaining(all::add);
      return all;
    }
  }
}
