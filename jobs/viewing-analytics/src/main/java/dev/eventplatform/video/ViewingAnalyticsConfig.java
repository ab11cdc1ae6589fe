package dev.eventplatform.video;

import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.config.Settings;
import dev.eventplatform.model.video.ViewingEvent;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of viewing-analytics, on top of the {@linkplain PlatformConfig shared ones}. Each key
 * and its default:
 *
 * <ul>
 *   <li>{@code qualified-view.min-watched} (2 min) and {@code qualified-view.min-completion} (0.1):
 *       a view counts (for trending, profiles and recommendations) when either holds;
 *   <li>{@code profile.half-life} (14 d): genre preferences lose half their weight in this much
 *       event time; {@code profile.history-size} (200): recent titles kept per user (and excluded
 *       from recommendations); {@code profile.inactivity-ttl} (180 d): a user silent this long is
 *       forgotten;
 *   <li>{@code trending.size} (10), {@code trending.window} (1 h), {@code trending.slide} (5 min);
 *       {@code trending.buckets} (16): partial top-N lists per scope before the final merge;
 *   <li>{@code recommendations.size} (10); {@code recommendations.min-interval} (30 min): at most
 *       one recommendation per user in this much event time; {@code
 *       recommendations.genre-list-size} (50): most popular titles kept per genre; {@code
 *       recommendations.top-genres} (3): genres of a user that feed candidates; {@code
 *       recommendations.seeds} (10): recent titles whose co-viewing neighbours feed candidates;
 *       {@code recommendations.recent-release} (90 d): released this recently earns the recency
 *       score;
 *   <li>{@code co-viewing.pair-window} (20): a new title pairs with this many of the user's latest
 *       titles; {@code co-viewing.neighbours} (20): neighbours kept per title; {@code
 *       co-viewing.refresh} (1 min): neighbour lists are republished at most this often;
 *   <li>{@code abr.ladder} ({@link BitrateLadder#DEFAULT}); {@code abr.reservoir} (10 s); {@code
 *       abr.cushion} (30 s); {@code abr.safety-factor} (0.8); {@code abr.low-bandwidth-kbps}
 *       (1000); {@code abr.medium-bandwidth-kbps} (5000); {@code abr.up-switch-heartbeats} (3);
 *   <li>{@code session.gap} (2 min): a playback session without heartbeats this long has ended;
 *   <li>{@code qoe.window} (1 min): tumbling window of {@code qoe-metrics}.
 * </ul>
 */
public record ViewingAnalyticsConfig(
    PlatformConfig platform,
    Duration qualifiedMinWatched,
    double qualifiedMinCompletion,
    Duration profileHalfLife,
    int historySize,
    Duration profileTtl,
    int trendingSize,
    Duration trendingWindow,
    Duration trendingSlide,
    int trendingBuckets,
    int recommendationSize,
    Duration recommendationInterval,
    int genreListSize,
    int topGenres,
    int seeds,
    Duration recentRelease,
    int pairWindow,
    int neighbours,
    Duration neighbourRefresh,
    AbrSettings abr,
    Duration sessionGap,
    Duration qoeWindow)
    implements Serializable {

  public static ViewingAnalyticsConfig from(Settings settings) {
    return new ViewingAnalyticsConfig(
        PlatformConfig.from(settings, ViewingAnalyticsJob.NAME),
        settings.duration("qualified-view.min-watched", Duration.ofMinutes(2)),
        settings.decimal("qualified-view.min-completion", 0.1),
        settings.duration("profile.half-life", Duration.ofDays(14)),
        settings.integer("profile.history-size", 200),
        settings.duration("profile.inactivity-ttl", Duration.ofDays(180)),
        settings.integer("trending.size", 10),
        settings.duration("trending.window", Duration.ofHours(1)),
        settings.duration("trending.slide", Duration.ofMinutes(5)),
        settings.integer("trending.buckets", 16),
        settings.integer("recommendations.size", 10),
        settings.duration("recommendations.min-interval", Duration.ofMinutes(30)),
        settings.integer("recommendations.genre-list-size", 50),
        settings.integer("recommendations.top-genres", 3),
        settings.integer("recommendations.seeds", 10),
        settings.duration("recommendations.recent-release", Duration.ofDays(90)),
        settings.integer("co-viewing.pair-window", 20),
        settings.integer("co-viewing.neighbours", 20),
        settings.duration("co-viewing.refresh", Duration.ofMinutes(1)),
        new AbrSettings(
            BitrateLadder.parse(settings.string("abr.ladder", BitrateLadder.DEFAULT)),
            settings.duration("abr.reservoir", Duration.ofSeconds(10)),
            settings.duration("abr.cushion", Duration.ofSeconds(30)),
            settings.decimal("abr.safety-factor", 0.8),
            settings.decimal("abr.low-bandwidth-kbps", 1000),
            settings.decimal("abr.medium-bandwidth-kbps", 5000),
            settings.integer("abr.up-switch-heartbeats", 3)),
        settings.duration("session.gap", Duration.ofMinutes(2)),
        settings.duration("qoe.window", Duration.ofMinutes(1)));
  }

  /** Whether a view is a real one (not a trailer glance) for trending and profiles. */
  public boolean isQualified(ViewingEvent view) {
    return view.watchedMs() >= qualifiedMinWatched.toMillis()
        || view.completionRate() >= qualifiedMinCompletion;
  }
}
