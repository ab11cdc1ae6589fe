package dev.eventplatform.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.serde.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The worlds of the chosen domains, run on simulated time: each gets an equal share of the rate,
 * paced exactly, and a share of its records is replaced by malformed copies. No Kafka here: the
 * caller sends what {@link #advanceTo} returns and feeds back what the platform answered.
 */
public final class Simulation {

  private final List<Paced> worlds = new ArrayList<>();
  private final double malformedShare;
  private final Random malformedChoice;
  private final Malformer malformer;
  private final ObjectMapper mapper = EventJson.newMapper();
  private CityWorld city;
  private MessengerWorld messenger;

  /**
   * @param start simulated time the worlds begin at (epoch millis)
   * @param runTag part of generated ids (requests, sessions, messages), so runs do not collide
   */
  public Simulation(
      List<String> domains,
      double eventsPerSecond,
      long seed,
      double malformedShare,
      long start,
      String runTag) {
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("no domain to simulate");
    }
    double share = eventsPerSecond / domains.size();
    for (String domain : domains) {
      SimulatedWorld world =
          switch (domain) {
            case "ride" -> city = new CityWorld(seed * 31 + 1, share, start, runTag);
            case "video" -> new StreamingWorld(seed * 31 + 2, share, start, runTag);
            case "chat" -> messenger = new MessengerWorld(seed * 31 + 3, share, start, runTag);
            default ->
                throw new IllegalArgumentException(
                    "unknown domain '" + domain + "', expected ride, video or chat");
          };
      worlds.add(new Paced(world, new Pacer(share, start)));
    }
    this.malformedShare = malformedShare;
    this.malformedChoice = new Random(seed * 31 + 4);
    this.malformer = new Malformer(new Random(seed * 31 + 5), mapper);
  }

  /** Every record due from the last call until {@code now}, stamped {@code now}. */
  public List<OutgoingRecord> advanceTo(long now) {
    List<OutgoingRecord> records = new ArrayList<>();
    for (Paced paced : worlds) {
      int owed = paced.pacer.eventsUntil(now) - paced.overshoot;
      if (owed <= 0) {
        paced.overshoot = -owed;
        continue;
      }
      int malformed = 0;
      for (int i = 0; i < owed; i++) {
        malformed += malformedChoice.nextDouble() < malformedShare ? 1 : 0;
      }
      List<SimulatedEvent<?>> events = paced.world.tick(now, owed - malformed);
      int produced = events.size() + (events.isEmpty() ? 0 : malformed);
      paced.overshoot = Math.max(0, produced - owed);
      List<OutgoingRecord> valid = new ArrayList<>(events.size());
      for (SimulatedEvent<?> event : events) {
        valid.add(
            new OutgoingRecord(event.topic(), event.key(), json(event.event()), event.event()));
      }
      records.addAll(valid);
      for (int i = 0; i < malformed && !valid.isEmpty(); i++) {
        OutgoingRecord original = valid.get(malformedChoice.nextInt(valid.size()));
        records.add(
            new OutgoingRecord(
                original.topic(),
                original.key(),
                malformer.spoil(original.topic().id(), original.value()),
                null));
      }
    }
    return records;
  }

  /** A match the platform made; ignored when the city is not simulated. */
  public void onRideMatch(RideMatch match, long now) {
    if (city != null) {
      city.onRideMatch(match, now);
    }
  }

  /** A delivery the platform made; ignored when the messenger is not simulated. */
  public void onDelivery(Delivery delivery, long now) {
    if (messenger != null) {
      messenger.onDelivery(delivery, now);
    }
  }

  /** The city, or {@code null} when {@code ride} is not simulated. */
  public CityWorld city() {
    return city;
  }

  /** The messenger, or {@code null} when {@code chat} is not simulated. */
  public MessengerWorld messenger() {
    return messenger;
  }

  private byte[] json(Object event) {
    try {
      return mapper.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write " + event.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** A world and the pacer that owns its share of the rate. */
  private static final class Paced {
    final SimulatedWorld world;
    final Pacer pacer;

    /** Events a world emitted beyond what it was owed, taken off its next tick. */
    int overshoot;

    Paced(SimulatedWorld world, Pacer pacer) {
      this.world = world;
      this.pacer = pacer;
    }
  }
}
