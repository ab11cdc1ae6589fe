package dev.eventplatform.video;

import dev.eventplatform.model.video.ScoredTitle;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks a viewer's top unseen titles with the seed design's score: genre preference × 0.3 +
 * similarity to the viewer's history × 0.4 + trending × 0.2 + recency × 0.1.
 *
 * <p>Unlike the seed design, it never scores the whole catalog. Candidates come from three short
 * lists: the most popular titles of the viewer's top genres, the co-viewing neighbours of the
 * viewer's latest titles, and the global trending list. So one recommendation costs at most
 * topGenres × genre-list size + seeds × neighbours + trending size lookups, whatever the size of
 * the catalog.
 *
 * <ul>
 *   <li>genre preference: the viewer's preference for the candidate's best-liked genre, in [0, 1];
 *   <li>similarity: the candidate's strongest similarity to one of the seeds, in [0, 1];
 *   <li>trending: views relative to the top of the global trending list, in [0, 1];
 *   <li>recency: 1 when released within {@code recentRelease} before the request, else 0.
 * </ul>
 *
 * <p>Titles in the viewer's history and titles not in the catalog (never added, or removed) are
 * never recommended. A viewer without any taste yet (no genre weights, no seed with neighbours)
 * gets the trending titles.
 */
public final class RecommendationScorer implements Serializable {

  static final double GENRE_WEIGHT = 0.3;
  static final double SIMILARITY_WEIGHT = 0.4;
  static final double TRENDING_WEIGHT = 0.2;
  static final double RECENCY_WEIGHT = 0.1;

  private static final Comparator<ScoredTitle> BEST_FIRST =
      Comparator.comparingDouble(ScoredTitle::score)
          .reversed()
          .thenComparing(ScoredTitle::contentId);

  private final int size;
  private final int topGenres;
  private final int seeds;
  private final long recentReleaseMillis;

  public RecommendationScorer(int size, int topGenres, int seeds, Duration recentRelease) {
    this.size = size;
    this.topGenres = topGenres;
    this.seeds = seeds;
    this.recentReleaseMillis = recentRelease.toMillis();
  }

  public List<ScoredTitle> recommend(ViewerProfile profile, long now, CandidateLists lists) {
    Set<String> seen = new HashSet<>(profile.recentTitles());
    Map<String, Double> trending =
        scores(lists.list(CandidateUpdate.Kind.TRENDING, ScopedView.GLOBAL));
    Map<String, Double> preferences = profile.genrePreferences();

    Map<String, Double> similarity = new HashMap<>();
    for (String seed :
        profile.recentTitles().subList(0, Math.min(seeds, profile.recentTitles().size()))) {
      for (ScoredTitle neighbour : lists.list(CandidateUpdate.Kind.NEIGHBOURS, seed)) {
        similarity.merge(neighbour.contentId(), neighbour.score(), Math::max);
      }
    }

    Set<String> candidates = new LinkedHashSet<>(trending.keySet());
    if (preferences.isEmpty() && similarity.isEmpty()) {
      return rank(
          candidates, seen, lists, title -> trending.get(title.contentId()) * TRENDING_WEIGHT);
    }
    for (String genre : profile.topGenres(topGenres)) {
      for (ScoredTitle popular : lists.list(CandidateUpdate.Kind.GENRE, genre)) {
        candidates.add(popular.contentId());
      }
    }
    candidates.addAll(similarity.keySet());
    return rank(
        candidates,
        seen,
        lists,
        title -> {
          double genre = 0;
          for (String g : title.facts().genres()) {
            genre = Math.max(genre, preferences.getOrDefault(g, 0.0));
          }
          long age = now - title.facts().releaseTs();
          double recency = age >= 0 && age <= recentReleaseMillis ? 1 : 0;
          return GENRE_WEIGHT * genre
              + SIMILARITY_WEIGHT * similarity.getOrDefault(title.contentId(), 0.0)
              + TRENDING_WEIGHT * trending.getOrDefault(title.contentId(), 0.0)
              + RECENCY_WEIGHT * recency;
        });
  }

  private record Candidate(String contentId, TitleFacts facts) {}

  private interface Score {
    double of(Candidate candidate);
  }

  private List<ScoredTitle> rank(
      Set<String> candidates, Set<String> seen, CandidateLists lists, Score score) {
    List<ScoredTitle> scored = new ArrayList<>();
    for (String contentId : candidates) {
      TitleFacts facts = seen.contains(contentId) ? null : lists.title(contentId);
      if (facts != null) {
        scored.add(new ScoredTitle(contentId, score.of(new Candidate(contentId, facts))));
      }
    }
    scored.sort(BEST_FIRST);
    return scored.size() > size ? List.copyOf(scored.subList(0, size)) : scored;
  }

  private static Map<String, Double> scores(List<ScoredTitle> list) {
    Map<String, Double> scores = new HashMap<>();
    for (ScoredTitle title : list) {
      scores.put(title.contentId(), title.score());
    }
    return scores;
  }
}
