package dev.eventplatform.benchmarks;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.ViewingEvent;
import dev.eventplatform.serde.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

/**
 * Inputs sized for state rather than for realism of timing: many drivers pinging once, many viewers
 * with a few views over a large catalog. The simulator's worlds size their population from their
 * event rate and keep every actor in memory, which does not reach a million drivers or five million
 * viewers on this machine; these generators stream the same contract records.
 */
final class ScaleInput {

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

  private ScaleInput() {}

  /**
   * One ping from each of {@code drivers} drivers spread over Europe, their times spread over
   * {@code spreadMs} from {@code start}.
   */
  static Workload driverPings(int drivers, long start, long spreadMs) {
    Random random = new Random(3);
    ObjectWriter writer = EventJson.newMapper().writerFor(DriverLocation.class);
    Workload workload = new Workload();
    for (int i = 0; i < drivers; i++) {
      String id = "drv-" + i;
      DriverLocation ping =
          new DriverLocation(
              id,
              36 + random.nextDouble() * 24,
              -9 + random.nextDouble() * 33,
              start + (long) i * spreadMs / drivers,
              5.0,
              10.0,
              90.0);
      workload.add(new InputRecord(Topics.DRIVER_LOCATIONS.id(), id, write(writer, ping)));
    }
    return workload;
  }

  /**
   * A catalog of {@code titles} and {@code views} qualified views by {@code viewers} viewers (each
   * viewer's views one after another), titles picked with a Zipf-like skew (a few titles are most
   * of the viewing), times spread over {@code spreadMs} from {@code start}.
   */
  static Workload viewing(int titles, int viewers, int views, long start, long spreadMs) {
    Random random = new Random(5);
    ObjectWriter catalogWriter = EventJson.newMapper().writerFor(CatalogEntry.class);
    ObjectWriter viewWriter = EventJson.newMapper().writerFor(ViewingEvent.class);
    Workload workload = new Workload();
    for (int t = 0; t < titles; t++) {
      String id = "title-" + t;
      String first = GENRES[t % GENRES.length];
      String second = GENRES[(t / GENRES.length + 3) % GENRES.length];
      List<String> genres = first.equals(second) ? List.of(first) : List.of(first, second);
      long released = start - (long) (random.nextDouble() * 3650) * 86_400_000L;
      CatalogEntry entry =
          new CatalogEntry(id, "Title " + t, genres, released, 90 * 60_000L, start - 60_000, null);
      workload.add(new InputRecord(Topics.CONTENT_CATALOG.id(), id, write(catalogWriter, entry)));
    }
    int perViewer = Math.max(1, views / viewers);
    for (int v = 0; v < views; v++) {
      int viewer = (v / perViewer) % viewers;
      String user = "viewer-" + viewer;
      // Inverse-power sampling: title k is picked with probability about proportional to 1/k.
      int title = (int) Math.min(titles - 1, Math.floor(Math.pow(titles, random.nextDouble()) - 1));
      ViewingEvent view =
          new ViewingEvent(
              user,
              "title-" + title,
              "s-" + viewer + "-" + v,
              20 * 60_000L,
              0.2 + random.nextDouble() * 0.8,
              DEVICES[viewer % DEVICES.length],
              start + (long) v * spreadMs / views,
              "1080p");
      workload.add(new InputRecord(Topics.VIEWING_EVENTS.id(), user, write(viewWriter, view)));
    }
    return workload;
  }

  private static byte[] write(ObjectWriter writer, Object event) {
    try {
      return writer.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
