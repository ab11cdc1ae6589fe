package dev.eventplatform.benchmarks;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.serde.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What an overload run sends to a job: a {@code world} loaded before the job starts (e.g. users
 * online), then records of one input {@code topic} generated while they are sent, as many as the
 * pace asks for. Generated rather than pre-loaded because minutes at several times a job's rate are
 * millions of records, too many to hold in memory first.
 */
record OverloadTraffic(JobSpec spec, Workload world, Topic<?> topic, Generator generator) {

  /** Record number {@code sequence} of the paced input. */
  interface Generator {
    InputRecord next(long sequence);
  }

  /**
   * location-ingest: {@code drivers} drivers in a 20 × 28 km grid, each pinging once per second of
   * event time and moving 5 m east per ping (18 km/h, far below the speed rule), so every ping is
   * accepted and published. Event time follows the sequence, not the wall clock, so the pings are
   * the same whatever the pace.
   */
  static OverloadTraffic driverPings(int drivers, long start) {
    ObjectWriter writer = EventJson.newMapper().writerFor(DriverLocation.class);
    Generator pings =
        sequence -> {
          int driver = (int) (sequence % drivers);
          long round = sequence / drivers;
          double lat = 52.40 + (driver % 100) * 0.002;
          double lng = 13.20 + (driver / 100 % 100) * 0.004 + round * 0.00007;
          long ts = start + round * 1_000 + driver * 1_000L / drivers;
          String id = "drv-" + driver;
          try {
            return new InputRecord(
                Topics.DRIVER_LOCATIONS.id(),
                id,
                writer.writeValueAsBytes(DriverLocation.of(id, lat, lng, ts)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    return new OverloadTraffic(
        JobSpec.LOCATION_INGEST, new Workload(), Topics.DRIVER_LOCATIONS, pings);
  }

  /** message-routing: {@code users} online, 1:1 messages between random pairs of them. */
  static OverloadTraffic chat(int users) {
    ChatInput chat = new ChatInput(users, 13);
    return new OverloadTraffic(
        JobSpec.MESSAGE_ROUTING,
        chat.onlineUsers(System.currentTimeMillis() - 10_000),
        Topics.CHAT_MESSAGES,
        sequence -> chat.record(chat.message(sequence)));
  }

  /** The world and then {@code events} generated records: a backlog to measure a drain rate on. */
  Workload calibration(int events) {
    Workload workload = new Workload();
    world.records().forEach(workload::add);
    for (long sequence = 0; sequence < events; sequence++) {
      workload.add(generator.next(sequence));
    }
    return workload;
  }
}
