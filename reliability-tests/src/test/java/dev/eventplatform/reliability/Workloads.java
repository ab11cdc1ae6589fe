package dev.eventplatform.reliability;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.GroupMembership;
import dev.eventplatform.model.chat.MembershipAction;
import dev.eventplatform.model.chat.MessageKind;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.PresenceStatus;
import dev.eventplatform.model.chat.Receipt;
import dev.eventplatform.model.chat.ReceiptStatus;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.Weather;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.PlaybackState;
import dev.eventplatform.model.video.ViewingEvent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Seeded, well-behaved inputs for every job: each key's events in event-time order with distinct
 * timestamps, on a shared clock that moves forward in every partition. Such input has one right
 * answer, so a run with failures (or with bad records mixed in) can be compared with a clean run
 * record for record. The scale is chosen so a bounded run takes a few seconds, long enough for
 * several checkpoints at the failure tests' 100 ms interval.
 */
final class Workloads {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long SECOND = 1_000;
  static final long MINUTE = 60 * SECOND;

  /** Zurich main station; drivers and riders stay within a few km of it. */
  static final double LAT = 47.3779;

  static final double LNG = 8.5403;

  private Workloads() {}

  static Workload forJob(PlatformJob job, long seed) {
    return switch (job) {
      case LOCATION_INGEST -> locationIngest(seed, 40, 60);
      case SURGE_PRICING -> surgePricing(seed);
      case VIEWING_ANALYTICS -> viewingAnalytics(seed);
      case MESSAGE_ROUTING -> messageRouting(seed);
    };
  }

  /** Drivers creeping through the city, one ping every 4 s; some resent, some teleporting. */
  static Workload locationIngest(long seed, int drivers, int pingsPerDriver) {
    Random random = new Random(seed);
    Workload workload = new Workload();
    for (int i = 0; i < pingsPerDriver; i++) {
      for (int d = 0; d < drivers; d++) {
        long ts = T0 + i * 4 * SECOND + d;
        DriverLocation ping =
            DriverLocation.of("driver-" + d, LAT + d * 0.001 + i * 0.0001, LNG + i * 0.0001, ts);
        if (i > 0 && random.nextDouble() < 0.02) {
          ping =
              DriverLocation.of(ping.driverId(), 46.2044, 6.1432, ts); // Geneva: impossible speed
        }
        workload.add(Topics.DRIVER_LOCATIONS, ping);
        if (random.nextDouble() < 0.02) {
          workload.add(Topics.DRIVER_LOCATIONS, ping); // the phone resends: DUPLICATE
        }
      }
    }
    return workload;
  }

  /**
   * Ten minutes of a busy centre: drivers on the move, a stream of requests, and the weather and
   * traffic as reported before it starts.
   *
   * <p>The reports are dated before every window on purpose. surge-pricing applies a context from
   * the next window end after it <em>arrives</em>, not by its time (its README, trade-offs), so a
   * report dated among the windows reaches whichever windows close after it happens to be read:
   * with bad records mixed in, 89 of 1,419 prices and 178 of 600 quotes once differed from the
   * reference run (reproduced by slowing the context input). Dated before the first window end, the
   * reports cannot move event time past it, and an operator's event time is the least of its
   * inputs': the surge operator closes no window until the context input has ended (bounded runs
   * declare no input idle) or a draining stop, by which time every report is applied.
   */
  static Workload surgePricing(long seed) {
    Random random = new Random(seed);
    Workload workload = new Workload();
    // Each report alone would give other factors, so a window that missed the latest would show.
    List<PricingContext> reports =
        List.of(
            new PricingContext("", T0 - 5 * MINUTE, Weather.CLEAR, List.of(), 0.3), // none
            new PricingContext("", T0 - 4 * MINUTE, Weather.RAIN, List.of(), 0.4), // rain
            new PricingContext("", T0 - 3 * MINUTE, Weather.CLEAR, List.of(), 0.9), // traffic
            new PricingContext("", T0 - 2 * MINUTE, Weather.SNOW, List.of(), 0.5), // snow
            new PricingContext("", T0 - MINUTE, Weather.RAIN, List.of(), 0.9)); // rain, traffic
    reports.forEach(report -> workload.add(Topics.PRICING_CONTEXT, report));
    int drivers = 30;
    for (int d = 0; d < drivers; d++) {
      workload.add(
          Topics.DRIVER_STATUS,
          new DriverStatus("driver-" + d, DriverState.AVAILABLE, "ECONOMY", 4.5, T0 + d));
    }
    for (long t = 0; t < 10 * MINUTE; t += 15 * SECOND) {
      for (int d = 0; d < drivers; d++) {
        double lat = LAT + (d % 6) * 0.004 + random.nextDouble() * 0.001;
        double lng = LNG + (d / 6) * 0.004 + random.nextDouble() * 0.001;
        String cell = Geohash.encode(lat, lng, Geohash.POSITION_PRECISION);
        workload.add(
            Topics.DRIVER_POSITIONS,
            new DriverPosition("driver-" + d, lat, lng, cell, null, false, T0 + t + 100 + d));
      }
    }
    for (int r = 0; r < 600; r++) {
      double lat = LAT + random.nextInt(3) * 0.01 + random.nextDouble() * 0.002;
      double lng = LNG + random.nextInt(3) * 0.01 + random.nextDouble() * 0.002;
      workload.add(
          Topics.RIDE_REQUESTS,
          new RideRequest(
              "request-" + r,
              "rider-" + random.nextInt(200),
              lat,
              lng,
              lat + 0.02,
              lng + 0.02,
              T0 + r * SECOND + 500,
              null,
              null));
    }
    return workload;
  }

  /** A small catalog, viewers watching titles, and playback sessions with some rebuffering. */
  static Workload viewingAnalytics(long seed) {
    Random random = new Random(seed);
    Workload workload = new Workload();
    String[] genres = {"drama", "comedy", "documentary", "sports"};
    int titles = 20;
    for (int c = 0; c < titles; c++) {
      workload.add(
          Topics.CONTENT_CATALOG,
          new CatalogEntry(
              "title-" + c,
              "Title " + c,
              List.of(genres[c % genres.length]),
              T0 - 30L * 24 * 60 * MINUTE,
              45 * MINUTE,
              T0 + c,
              null));
    }
    String[] devices = {"tv", "mobile", "web"};
    for (int i = 0; i < 15; i++) {
      for (int u = 0; u < 40; u++) {
        // Viewers prefer low-numbered titles, so the trending lists have a clear head.
        int title = Math.min(titles - 1, (int) Math.abs(random.nextGaussian() * 6));
        double completion = 0.2 + random.nextDouble() * 0.8;
        workload.add(
            Topics.VIEWING_EVENTS,
            new ViewingEvent(
                "user-" + u,
                "title-" + title,
                "view-" + u + "-" + i,
                (long) (completion * 45 * MINUTE),
                completion,
                devices[u % devices.length],
                T0 + MINUTE + i * 20 * SECOND + u * 10,
                null));
      }
    }
    for (int s = 0; s < 30; s++) {
      String session = "session-" + s;
      long start = T0 + MINUTE + s * 1_000;
      for (int b = 0; b < 40; b++) {
        PlaybackState state =
            b == 0
                ? PlaybackState.STARTING
                : b == 39
                    ? PlaybackState.ENDED
                    : random.nextDouble() < 0.05
                        ? PlaybackState.REBUFFERING
                        : PlaybackState.PLAYING;
        double bandwidth = 1_500 + random.nextInt(8_000);
        workload.add(
            Topics.PLAYBACK_HEARTBEATS,
            new PlaybackHeartbeat(
                session,
                "user-" + (s % 40),
                "title-" + (s % titles),
                devices[s % devices.length],
                state,
                bandwidth,
                state == PlaybackState.REBUFFERING ? 0 : 2_000 + random.nextInt(20_000),
                Math.min(bandwidth * 0.8, 6_000),
                start + b * 2 * SECOND));
      }
    }
    return workload;
  }

  /**
   * Users going online and offline on three gateways, two groups, direct and group messages (some
   * from non-members, which must be rejected) and receipts for some of them.
   */
  static Workload messageRouting(long seed) {
    Random random = new Random(seed);
    Workload workload = new Workload();
    int users = 20;
    List<String> redMembers = new ArrayList<>();
    long ts = T0;
    for (int u = 0; u < 6; u++) {
      redMembers.add("user-" + u);
      workload.add(
          Topics.GROUP_MEMBERSHIP,
          new GroupMembership("g-red", "user-" + u, MembershipAction.JOIN, ts++));
      workload.add(
          Topics.GROUP_MEMBERSHIP,
          new GroupMembership("g-blue", "user-" + (u + 10), MembershipAction.JOIN, ts++));
    }
    boolean[] online = new boolean[users];
    for (int u = 0; u < users; u++) {
      online[u] = u % 2 == 0;
      workload.add(Topics.PRESENCE, presence(u, online[u], ts++));
    }
    for (int i = 0; i < 1_500; i++) {
      ts += 200;
      int from = random.nextInt(users);
      double dice = random.nextDouble();
      if (dice < 0.1) {
        int user = random.nextInt(users);
        online[user] = !online[user];
        workload.add(Topics.PRESENCE, presence(user, online[user], ts));
      } else if (dice < 0.35) {
        String group = random.nextBoolean() ? "g-red" : "g-blue";
        workload.add(
            Topics.CHAT_MESSAGES,
            new ChatMessage(
                "m-" + i, "user-" + from, null, group, ciphertext(random), ts, MessageKind.TEXT));
      } else {
        int to = (from + 1 + random.nextInt(users - 1)) % users;
        workload.add(
            Topics.CHAT_MESSAGES,
            new ChatMessage(
                "m-" + i,
                "user-" + from,
                "user-" + to,
                null,
                ciphertext(random),
                ts,
                MessageKind.TEXT));
        if (online[to] && random.nextDouble() < 0.5) {
          ReceiptStatus status =
              random.nextBoolean() ? ReceiptStatus.DELIVERED : ReceiptStatus.READ;
          workload.add(
              Topics.RECEIPTS,
              new Receipt("m-" + i, "user-" + to, "user-" + from, status, ts + 100));
        }
      }
    }
    for (int u = 0; u < users; u++) {
      workload.add(Topics.PRESENCE, presence(u, true, ++ts)); // everyone ends online: all delivered
    }
    return workload;
  }

  private static Presence presence(int user, boolean online, long ts) {
    return online
        ? new Presence("user-" + user, PresenceStatus.ONLINE, "gw-" + user % 3, ts)
        : new Presence("user-" + user, PresenceStatus.OFFLINE, null, ts);
  }

  private static String ciphertext(Random random) {
    byte[] bytes = new byte[48];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
