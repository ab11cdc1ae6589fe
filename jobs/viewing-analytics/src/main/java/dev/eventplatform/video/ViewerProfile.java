package dev.eventplatform.video;

import dev.eventplatform.model.video.ViewingEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the platform knows of a viewer's taste.
 *
 * <p>Genre weights: each qualified view adds minutes watched × completion rate to every genre of
 * the title, and all weights decay exponentially in event time (halved every half-life). The
 * weights are stored as of {@code weightsAsOf}; a view from before that (out of order) is decayed
 * to it before it is added, so the order views arrive in does not matter.
 *
 * @param recentTitles the latest distinct titles, newest first, at most the history size
 * @param lastRecommendationTs when the viewer last got recommendations (0: never)
 */
public record ViewerProfile(
    Map<String, Double> genreWeights,
    long weightsAsOf,
    List<String> recentTitles,
    long lastViewTs,
    long lastRecommendationTs) {

  public static ViewerProfile empty() {
    return new ViewerProfile(Map.of(), 0, List.of(), 0, 0);
  }

  /** This profile with one more qualified view, of a title with {@code genres}. */
  public ViewerProfile withView(
      ViewingEvent view, List<String> genres, long halfLifeMillis, int historySize) {
    long ts = view.ts();
    long asOf = weightsAsOf == 0 ? ts : Math.max(weightsAsOf, ts);
    double keep = decay(asOf - (weightsAsOf == 0 ? ts : weightsAsOf), halfLifeMillis);
    double added =
        view.watchedMs() / 60_000.0 * view.completionRate() * decay(asOf - ts, halfLifeMillis);
    Map<String, Double> weights = new HashMap<>();
    genreWeights.forEach((genre, weight) -> weights.put(genre, weight * keep));
    for (String genre : genres) {
      weights.merge(genre, added, Double::sum);
    }

    List<String> recent = new ArrayList<>(recentTitles);
    recent.remove(view.contentId());
    recent.add(0, view.contentId());
    if (recent.size() > historySize) {
      recent = new ArrayList<>(recent.subList(0, historySize));
    }
    return new ViewerProfile(weights, asOf, recent, Math.max(lastViewTs, ts), lastRecommendationTs);
  }

  public ViewerProfile recommendedAt(long ts) {
    return new ViewerProfile(genreWeights, weightsAsOf, recentTitles, lastViewTs, ts);
  }

  /**
   * Genre preferences in [0, 1], relative to the favourite genre. Decay scales every weight alike,
   * so these do not depend on when they are read.
   */
  public Map<String, Double> genrePreferences() {
    double strongest =
        genreWeights.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    Map<String, Double> preferences = new HashMap<>();
    if (strongest > 0) {
      genreWeights.forEach((genre, weight) -> preferences.put(genre, weight / strongest));
    }
    return preferences;
  }

  /** The {@code count} genres with the highest preference, strongest first. */
  public List<String> topGenres(int count) {
    return genreWeights.entrySet().stream()
        .filter(entry -> entry.getValue() > 0)
        .sorted(
            Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(count)
        .map(Map.Entry::getKey)
        .toList();
  }

  static double decay(long elapsedMillis, long halfLifeMillis) {
    return Math.pow(0.5, (double) elapsedMillis / halfLifeMillis);
  }
}
