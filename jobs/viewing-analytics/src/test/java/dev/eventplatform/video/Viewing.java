package dev.eventplatform.video;

import dev.eventplatform.config.Settings;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.PlaybackState;
import dev.eventplatform.model.video.ViewingEvent;
import java.util.List;

/** Named instants, settings and event factories shared by the viewing-analytics tests. */
final class Viewing {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long ONE_SECOND = 1_000;
  static final long ONE_MINUTE = 60_000;
  static final long FIVE_MINUTES = 5 * ONE_MINUTE;
  static final long ONE_HOUR = 60 * ONE_MINUTE;
  static final long ONE_DAY = 24 * ONE_HOUR;

  /** Released long before T0: earns no recency score. */
  static final long LONG_AGO = T0 - 400 * ONE_DAY;

  private Viewing() {}

  /** The job's defaults, with a placeholder broker (harness tests never connect). */
  static ViewingAnalyticsConfig defaults() {
    return ViewingAnalyticsConfig.from(Settings.fromArgs("--bootstrap-servers", "unused:9092"));
  }

  static ViewingAnalyticsConfig with(String... keyValues) {
    Settings settings = Settings.fromArgs("--bootstrap-servers", "unused:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      settings = settings.with(keyValues[i], keyValues[i + 1]);
    }
    return ViewingAnalyticsConfig.from(settings);
  }

  static CatalogEntry title(String contentId, List<String> genres, long releaseTs) {
    return new CatalogEntry(
        contentId, "Title " + contentId, genres, releaseTs, 90 * ONE_MINUTE, T0 - ONE_DAY, null);
  }

  static CatalogEntry removal(String contentId, List<String> genres, long ts) {
    return new CatalogEntry(
        contentId, "Title " + contentId, genres, LONG_AGO, 90 * ONE_MINUTE, ts, true);
  }

  /** A full, qualified view: 45 minutes, 90 % of the title. */
  static ViewingEvent watched(String userId, String contentId, String device, long ts) {
    return new ViewingEvent(
        userId, contentId, "session-" + userId + "-" + ts, 45 * ONE_MINUTE, 0.9, device, ts, null);
  }

  /** A glance: 30 seconds, 1 %, not a qualified view. */
  static ViewingEvent glanced(String userId, String contentId, String device, long ts) {
    return new ViewingEvent(
        userId, contentId, "session-" + userId + "-" + ts, 30 * ONE_SECOND, 0.01, device, ts, null);
  }

  static ViewingEvent view(
      String userId, String contentId, long watchedMs, double completion, long ts) {
    return new ViewingEvent(
        userId, contentId, "session-" + userId + "-" + ts, watchedMs, completion, "tv", ts, null);
  }

  static PlaybackHeartbeat beat(
      String sessionId,
      PlaybackState state,
      double bandwidthKbps,
      double bufferMs,
      double bitrateKbps,
      long ts) {
    return new PlaybackHeartbeat(
        sessionId,
        "user-" + sessionId,
        "c1",
        "tv",
        state,
        bandwidthKbps,
        bufferMs,
        bitrateKbps,
        ts);
  }

  static PlaybackHeartbeat beat(
      String sessionId,
      String contentId,
      String device,
      PlaybackState state,
      double bitrateKbps,
      long ts) {
    return new PlaybackHeartbeat(
        sessionId, "user-" + sessionId, contentId, device, state, 8000, 20_000, bitrateKbps, ts);
  }
}
