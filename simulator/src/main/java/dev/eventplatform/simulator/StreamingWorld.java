package dev.eventplatform.simulator;

import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.PlaybackState;
import dev.eventplatform.model.video.ViewingEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * A streaming service, for the video topics.
 *
 * <ul>
 *   <li>The catalog goes out first: titles with one to three genres, films and episodes.
 *   <li>Viewers have tastes (two favourite genres), a device and a habit of binging. They start a
 *       title, mostly from their genres; many stop within minutes, some watch to the end, and a
 *       binger goes straight on to the next title. Each session ends with a {@code viewing-events}
 *       record.
 *   <li>A session's player sends a heartbeat about every 10 s. Its bandwidth dips now and then (to
 *       10–40% for 20–60 s) and recovers; the player picks the highest bitrate the bandwidth
 *       carries, its buffer drains when the bandwidth falls short, and it rebuffers when empty.
 * </ul>
 */
public final class StreamingWorld implements SimulatedWorld {

  static final long HEARTBEAT_MS = 10_000;
  static final int TITLES = 200;
  private static final double[] LADDER_KBPS = {235, 560, 1050, 1750, 3000, 4300, 5800, 8000, 16000};
  private static final String[] GENRES = {
    "drama",
    "comedy",
    "action",
    "documentary",
    "kids",
    "sci-fi",
    "thriller",
    "romance",
    "anime",
    "horror"
  };
  private static final String[] DEVICES = {"tv", "mobile", "web", "tablet"};
  private static final String[] TITLE_WORDS_1 = {
    "Silent",
    "Last",
    "Hidden",
    "Broken",
    "Golden",
    "Northern",
    "Lost",
    "Burning",
    "Quiet",
    "Endless"
  };
  private static final String[] TITLE_WORDS_2 = {
    "Harbor",
    "Signal",
    "Kingdom",
    "Summer",
    "Protocol",
    "Garden",
    "Orbit",
    "Crossing",
    "Archive",
    "Tide"
  };

  /** About the share of time a viewer spends watching: sessions of ~45 min, breaks of ~8. */
  private static final double WATCHING_SHARE = 0.85;

  private final Random random;
  private final Agenda agenda = new Agenda();
  private final List<CatalogEntry> catalog = new ArrayList<>();

  /** Sessions playing, the one whose heartbeat is the oldest first. */
  private final Deque<Session> heartbeatOrder = new ArrayDeque<>();

  private final String runTag;
  private long sessionCounter;

  public StreamingWorld(long seed, double eventsPerSecond, long start, String runTag) {
    this.random = new Random(seed);
    this.runTag = runTag;
    for (int i = 1; i <= TITLES; i++) {
      CatalogEntry title = newTitle(i, start);
      catalog.add(title);
      agenda.at(
          start,
          (now, out) -> out.add(new SimulatedEvent<>(Topics.CONTENT_CATALOG, withTs(title, now))));
    }
    int sessions = Math.max(5, (int) Math.round(eventsPerSecond * HEARTBEAT_MS / 1000));
    int viewers = (int) Math.ceil(sessions / WATCHING_SHARE);
    for (int i = 1; i <= viewers; i++) {
      Viewer viewer = new Viewer(String.format("viewer-%05d", i));
      // The catalog was scheduled first, so it goes out before anyone watches.
      long firstStart =
          random.nextDouble() < WATCHING_SHARE
              ? start
              : start + (long) (random.nextDouble() * 10 * 60_000);
      agenda.at(firstStart, (now, out) -> startSession(viewer, pickTitle(viewer, null), now, out));
    }
  }

  @Override
  public List<SimulatedEvent<?>> tick(long now, int budget) {
    List<SimulatedEvent<?>> out = new ArrayList<>(budget);
    agenda.run(now, budget, this::nextHeartbeat, out);
    return out;
  }

  private CatalogEntry newTitle(int number, long start) {
    List<String> genres = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    while (genres.size() < count) {
      String genre = GENRES[random.nextInt(GENRES.length)];
      if (!genres.contains(genre)) {
        genres.add(genre);
      }
    }
    boolean episode = random.nextDouble() < 0.3;
    long durationMs = (episode ? 22 + random.nextInt(34) : 80 + random.nextInt(71)) * 60_000L;
    String name =
        TITLE_WORDS_1[random.nextInt(TITLE_WORDS_1.length)]
            + " "
            + TITLE_WORDS_2[random.nextInt(TITLE_WORDS_2.length)]
            + (episode ? " S" + (1 + random.nextInt(5)) + "E" + (1 + random.nextInt(10)) : "");
    long releaseTs = start - (long) (random.nextDouble() * 3650) * 86_400_000L;
    return new CatalogEntry(
        String.format("title-%04d", number),
        name,
        List.copyOf(genres),
        releaseTs,
        durationMs,
        start,
        null);
  }

  private static CatalogEntry withTs(CatalogEntry title, long ts) {
    return new CatalogEntry(
        title.contentId(),
        title.title(),
        title.genres(),
        title.releaseTs(),
        title.durationMs(),
        ts,
        null);
  }

  /** Mostly a title of the viewer's genres; a binger stays in the genre of what they just saw. */
  private CatalogEntry pickTitle(Viewer viewer, CatalogEntry previous) {
    String genre =
        previous != null
            ? previous.genres().get(0)
            : random.nextDouble() < 0.8 ? viewer.favourites[random.nextInt(2)] : null;
    for (int attempt = 0; attempt < 20; attempt++) {
      CatalogEntry title = catalog.get(random.nextInt(catalog.size()));
      if (genre == null || title.genres().contains(genre)) {
        return title;
      }
    }
    return catalog.get(random.nextInt(catalog.size()));
  }

  private void startSession(
      Viewer viewer, CatalogEntry title, long now, List<SimulatedEvent<?>> out) {
    double stop = random.nextDouble();
    // Many stop early, some watch a good part, about a third to the end.
    double plannedShare =
        stop < 0.45
            ? 0.02 + random.nextDouble() * 0.15
            : stop < 0.65 ? 0.2 + random.nextDouble() * 0.7 : 1.0;
    Session session =
        new Session(
            "sess-" + runTag + "-" + (++sessionCounter),
            viewer,
            title,
            (long) (title.durationMs() * plannedShare),
            now);
    out.add(session.heartbeat(PlaybackState.STARTING, now));
    heartbeatOrder.addLast(session);
  }

  /** The heartbeat of the session that reported longest ago; the session may end with it. */
  private boolean nextHeartbeat(long now, List<SimulatedEvent<?>> out) {
    Session session = heartbeatOrder.pollFirst();
    if (session == null) {
      return false;
    }
    PlaybackState state = session.play(now);
    out.add(session.heartbeat(state, now));
    if (state != PlaybackState.ENDED) {
      heartbeatOrder.addLast(session);
      return true;
    }
    Viewer viewer = session.viewer;
    out.add(
        new SimulatedEvent<>(
            Topics.VIEWING_EVENTS,
            new ViewingEvent(
                viewer.id,
                session.title.contentId(),
                session.id,
                session.watchedMs,
                Math.min(1.0, (double) session.watchedMs / session.title.durationMs()),
                viewer.device,
                now,
                session.quality())));
    boolean finished = session.watchedMs >= session.title.durationMs();
    if (finished && random.nextDouble() < viewer.bingeHabit) {
      agenda.at(
          now + 5_000, (at, o) -> startSession(viewer, pickTitle(viewer, session.title), at, o));
    } else {
      long idle = (long) (-Math.log(1 - random.nextDouble()) * 8 * 60_000);
      agenda.at(now + idle, (at, o) -> startSession(viewer, pickTitle(viewer, null), at, o));
    }
    return true;
  }

  /** A user of the service: tastes, a device, a habit. */
  private final class Viewer {
    final String id;
    final String[] favourites = new String[2];
    final String device;
    final double baseBandwidthKbps;
    final double bingeHabit;

    Viewer(String id) {
      this.id = id;
      favourites[0] = GENRES[random.nextInt(GENRES.length)];
      favourites[1] = GENRES[random.nextInt(GENRES.length)];
      double pick = random.nextDouble();
      device =
          pick < 0.4 ? DEVICES[0] : pick < 0.7 ? DEVICES[1] : pick < 0.9 ? DEVICES[2] : DEVICES[3];
      double typical = device.equals("tv") ? 20_000 : device.equals("mobile") ? 5_000 : 10_000;
      baseBandwidthKbps = typical * (0.5 + random.nextDouble());
      bingeHabit = random.nextDouble() * 0.7;
    }
  }

  /** One playback: the player's bandwidth, buffer and bitrate, and how far the viewer got. */
  private final class Session {
    final String id;
    final Viewer viewer;
    final CatalogEntry title;
    final long plannedMs;
    long watchedMs;
    long lastBeat;
    double bufferMs;
    double bitrateKbps;
    double bandwidthKbps;
    long dipUntil;
    long recoveredBy;
    double dipDepth = 1.0;
    boolean rebuffering;
    int pausedBeats;

    Session(String id, Viewer viewer, CatalogEntry title, long plannedMs, long now) {
      this.id = id;
      this.viewer = viewer;
      this.title = title;
      this.plannedMs = Math.max(HEARTBEAT_MS, plannedMs);
      this.lastBeat = now;
      this.bandwidthKbps = viewer.baseBandwidthKbps;
      this.bitrateKbps = LADDER_KBPS[1];
    }

    /** Plays from the last heartbeat until {@code now} and says what the player is doing. */
    PlaybackState play(long now) {
      double elapsedMs = now - lastBeat;
      lastBeat = now;
      bandwidthKbps = bandwidthAt(now);
      if (pausedBeats > 0) {
        pausedBeats--;
        return PlaybackState.PAUSED;
      }
      // The buffer fills with what the network brings and drains with what the screen shows, at
      // the bitrate chosen last time: the player adapts only after it sees the bandwidth fall.
      bufferMs =
          Math.min(20_000, Math.max(0, bufferMs + elapsedMs * (bandwidthKbps / bitrateKbps - 1)));
      bitrateKbps = bitrateFor(bandwidthKbps);
      if (rebuffering && bufferMs < 4_000) {
        return PlaybackState.REBUFFERING;
      }
      rebuffering = bufferMs <= 0;
      if (rebuffering) {
        return PlaybackState.REBUFFERING;
      }
      watchedMs = Math.min(title.durationMs(), watchedMs + (long) elapsedMs);
      if (watchedMs >= plannedMs) {
        return PlaybackState.ENDED;
      }
      if (random.nextDouble() < 0.02) {
        pausedBeats = 1 + random.nextInt(3);
      }
      return PlaybackState.PLAYING;
    }

    /** The network: usually the viewer's line, now and then a dip that recovers over 20 s. */
    private double bandwidthAt(long now) {
      if (now >= recoveredBy && random.nextDouble() < 0.04) {
        dipDepth = 0.1 + random.nextDouble() * 0.3;
        dipUntil = now + 20_000 + random.nextInt(40_001);
        recoveredBy = dipUntil + 20_000;
      }
      double jitter = 0.9 + random.nextDouble() * 0.2;
      if (now < dipUntil) {
        return viewer.baseBandwidthKbps * dipDepth * jitter;
      }
      if (now < recoveredBy) {
        double recovered = 1 - (recoveredBy - now) / 20_000.0;
        return viewer.baseBandwidthKbps * (dipDepth + (1 - dipDepth) * recovered) * jitter;
      }
      return viewer.baseBandwidthKbps * jitter;
    }

    private double bitrateFor(double bandwidth) {
      double cap =
          viewer.device.equals("mobile") ? 4300 : viewer.device.equals("tv") ? 16000 : 8000;
      double chosen = LADDER_KBPS[0];
      for (double rung : LADDER_KBPS) {
        if (rung <= bandwidth * 0.9 && rung <= cap) {
          chosen = rung;
        }
      }
      return chosen;
    }

    SimulatedEvent<PlaybackHeartbeat> heartbeat(PlaybackState state, long now) {
      return new SimulatedEvent<>(
          Topics.PLAYBACK_HEARTBEATS,
          new PlaybackHeartbeat(
              id,
              viewer.id,
              title.contentId(),
              viewer.device,
              state,
              Math.round(bandwidthKbps),
              Math.round(bufferMs),
              bitrateKbps,
              now));
    }

    String quality() {
      return bitrateKbps >= 8000
          ? "2160p"
          : bitrateKbps >= 4300 ? "1080p" : bitrateKbps >= 1750 ? "720p" : "480p";
    }
  }
}
