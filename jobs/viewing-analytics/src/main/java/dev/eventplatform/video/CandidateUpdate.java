package dev.eventplatform.video;

import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.ScoredTitle;
import dev.eventplatform.model.video.TitleViews;
import java.util.ArrayList;
import java.util.List;

/**
 * One change to what the {@link Recommender} draws candidates from, broadcast to all its instances:
 * a catalog title added, edited or removed; or a new trending, per-genre or co-viewing list. All
 * kinds share one type because a broadcast input is one stream.
 *
 * @param key the title ({@code TITLE}, {@code REMOVAL}, {@code NEIGHBOURS}), the genre ({@code
 *     GENRE}) or the scope ({@code TRENDING})
 * @param titles the list, best first (null for catalog changes)
 * @param facts the title's facts ({@code TITLE} only)
 */
public record CandidateUpdate(Kind kind, String key, List<ScoredTitle> titles, TitleFacts facts) {

  /** What changed. */
  public enum Kind {
    TITLE,
    REMOVAL,
    TRENDING,
    GENRE,
    NEIGHBOURS
  }

  public static CandidateUpdate of(CatalogEntry entry) {
    return entry.isRemoved()
        ? new CandidateUpdate(Kind.REMOVAL, entry.contentId(), null, null)
        : new CandidateUpdate(Kind.TITLE, entry.contentId(), null, TitleFacts.of(entry));
  }

  /** A ranked list; each title scores its views relative to the list's first. */
  public static CandidateUpdate of(RankedTitles ranked) {
    List<ScoredTitle> titles = new ArrayList<>(ranked.items().size());
    double most = ranked.items().isEmpty() ? 1 : Math.max(1, ranked.items().get(0).views());
    for (TitleViews item : ranked.items()) {
      titles.add(new ScoredTitle(item.contentId(), item.views() / most));
    }
    Kind kind = ranked.kind() == ListKind.TRENDING ? Kind.TRENDING : Kind.GENRE;
    return new CandidateUpdate(kind, ranked.group(), titles, null);
  }

  public static CandidateUpdate of(TitleNeighbours neighbours) {
    return new CandidateUpdate(
        Kind.NEIGHBOURS, neighbours.contentId(), neighbours.neighbours(), null);
  }

  /** Where a list is kept in the recommender's broadcast state. */
  public static String listKey(Kind kind, String key) {
    return kind + ":" + key;
  }
}
