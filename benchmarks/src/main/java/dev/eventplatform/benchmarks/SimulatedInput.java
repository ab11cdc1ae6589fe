package dev.eventplatform.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventplatform.geo.Geohash;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.simulator.OutgoingRecord;
import dev.eventplatform.simulator.Simulation;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic inputs from the simulator's worlds, run on simulated time as fast as they generate (no
 * pacing, no Kafka): a city for the ride-hailing jobs, a streaming service for viewing-analytics, a
 * messenger for message-routing.
 */
final class SimulatedInput {

  /** Simulated span of a throughput workload; the world's rate (and population) follows from it. */
  private static final long SIMULATED_MS = 20_000;

  private static final long STEP_MS = 100;

  private SimulatedInput() {}

  /** About {@code events} records of one domain ({@code ride}, {@code video} or {@code chat}). */
  static Workload of(String domain, int events, long start) {
    Simulation simulation =
        new Simulation(List.of(domain), events * 1000.0 / SIMULATED_MS, 42, 0.0, start, "bench");
    Workload workload = new Workload();
    for (long now = start; workload.size() < events; now += STEP_MS) {
      for (OutgoingRecord record : simulation.advanceTo(now)) {
        workload.add(new InputRecord(record.topic().id(), record.key(), record.value()));
      }
    }
    return workload;
  }

  /**
   * The city's inputs for every ride-hailing job: pings for location-ingest, and each ping also as
   * the {@code driver-positions} record location-ingest would publish for it, for ride-matching and
   * surge-pricing (so each job can be measured on its own).
   */
  static Workload ride(int events, long start) {
    Workload city = of("ride", events, start);
    ObjectMapper mapper = EventJson.newMapper();
    var reader = mapper.readerFor(DriverLocation.class);
    var writer = mapper.writerFor(DriverPosition.class);
    Map<String, String> lastCell = new HashMap<>();
    Workload withPositions = new Workload();
    try {
      for (InputRecord record : city.records()) {
        withPositions.add(record);
        if (!record.topicId().equals(Topics.DRIVER_LOCATIONS.id())) {
          continue;
        }
        DriverLocation ping = reader.readValue(record.value());
        String cell = Geohash.encode(ping.lat(), ping.lng(), Geohash.POSITION_PRECISION);
        DriverPosition position =
            new DriverPosition(
                ping.driverId(),
                ping.lat(),
                ping.lng(),
                cell,
                lastCell.put(ping.driverId(), cell),
                false,
                ping.ts());
        withPositions.add(
            new InputRecord(
                Topics.DRIVER_POSITIONS.id(), ping.driverId(), writer.writeValueAsBytes(position)));
      }
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return withPositions;
  }
}
