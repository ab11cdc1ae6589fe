package dev.eventplatform.video;

import dev.eventplatform.model.video.ScoredTitle;
import java.util.List;

/**
 * The titles most often watched by the same users as {@code contentId}, with a similarity in (0,
 * 1]: co-views relative to the strongest neighbour's.
 */
public record TitleNeighbours(String contentId, List<ScoredTitle> neighbours) {}
