package dev.eventplatform.model.video;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;
import java.util.List;

/**
 * A title of the catalog, from {@code content-catalog}, keyed by {@code contentId}. A later record
 * for the same title replaces the earlier one; a removal withdraws the title.
 *
 * <p>A removal arrives in one of two forms, both read into an entry with {@code removed} set: a
 * tombstone (the title's key with no value, see {@link #removal}), which is how a producer that
 * keeps to the contract deletes a key of the topic, or a record with {@code removed: true}.
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

  /**
   * The removal a tombstone for {@code contentId} stands for. It knows only the key and the time,
   * so it has no title, no genres and no figures.
   */
  public static CatalogEntry removal(String contentId, long ts) {
    return new CatalogEntry(contentId, null, List.of(), 0, 0, ts, true);
  }

  @Override
  public String violation() {
    if (isRemoved()) {
      // A removal needs only to say which title and when; the rest describes what is withdrawn.
      return Validation.check().notBlank("contentId", contentId).positiveTime("ts", ts).result();
    }
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
