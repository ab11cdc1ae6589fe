package dev.eventplatform.video;

import dev.eventplatform.model.video.TitleViews;
import java.util.ArrayList;
import java.util.List;

/** The top titles of one group (trending scope or genre) in one window, most viewed first. */
public record RankedTitles(ListKind kind, String group, long windowEnd, List<TitleViews> items) {

  /** Back to single counts, for a further merge. */
  public List<TitleCount> counts() {
    List<TitleCount> counts = new ArrayList<>(items.size());
    for (TitleViews item : items) {
      counts.add(new TitleCount(kind, group, windowEnd, item.contentId(), item.views()));
    }
    return counts;
  }
}
