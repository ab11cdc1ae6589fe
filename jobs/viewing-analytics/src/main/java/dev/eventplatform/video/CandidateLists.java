package dev.eventplatform.video;

import dev.eventplatform.model.video.ScoredTitle;
import java.util.List;

/**
 * The lookups recommendations are built from: each one a hash lookup, never a scan, so the cost of
 * a recommendation does not depend on the size of the catalog.
 */
public interface CandidateLists {

  /** The title's facts, or null when it is not (or no longer) in the catalog. */
  TitleFacts title(String contentId);

  /** A ranked list ({@code TRENDING}, {@code GENRE} or {@code NEIGHBOURS}), or an empty one. */
  List<ScoredTitle> list(CandidateUpdate.Kind kind, String key);
}
