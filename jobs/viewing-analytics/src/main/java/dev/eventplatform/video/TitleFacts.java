package dev.eventplatform.video;

import dev.eventplatform.model.video.CatalogEntry;
import java.util.List;

/** What scoring needs to know about a catalog title: its genres and release time. */
public record TitleFacts(List<String> genres, long releaseTs) {

  public static TitleFacts of(CatalogEntry entry) {
    return new TitleFacts(List.copyOf(entry.genres()), entry.releaseTs());
  }
}
