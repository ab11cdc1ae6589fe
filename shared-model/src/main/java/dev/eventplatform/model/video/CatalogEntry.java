package dev.eventplatform.model.video;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;
import java.util.List;

/**
 * A title of the catalog, from {@code content-catalog}, keyed by {@code contentId}. A later record
 * for the same title replaces the earlier one.
 *
 * @param removed an extension of the contract: {@code true} withdraws the title (absent means
 *     false), so removals travel on the same ordered key as additions and edits
 */
public record CatalogEntry(
    @JsonProperty(required = true) String contentId,
    @JsonProperty(required = true) String title,
    @JsonProperty(required = true) List<String> genres,
    @JsonProperty(required = true) long releaseTs,
    @JsonProperty(required = true) long durationMs,
    @JsonProperty(required = true) long ts,
    Boolean removed)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("contentId", contentId)
        .notNull("title", title)
        .notNull("genres", genres)
        .noBlankElements("genres", genres)
        .rule(durationMs > 0, "field 'durationMs' must be positive")
        .positiveTime("ts", ts)
        .result();
  }

  public boolean isRemoved() {
    return Boolean.TRUE.equals(removed);
  }
}
