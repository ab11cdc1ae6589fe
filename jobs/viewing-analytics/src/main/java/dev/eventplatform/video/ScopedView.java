package dev.eventplatform.video;

import dev.eventplatform.model.video.ViewingEvent;
import java.util.List;

/**
 * A qualified view as trending counts it: once in scope {@code global} and once in the scope of its
 * device class.
 */
public record ScopedView(String scope, String userId, String contentId, long ts) {

  public static final String GLOBAL = "global";

  public static List<ScopedView> of(ViewingEvent view) {
    return List.of(
        new ScopedView(GLOBAL, view.userId(), view.contentId(), view.ts()),
        new ScopedView(view.device(), view.userId(), view.contentId(), view.ts()));
  }

  /** One viewer of one title in one scope. */
  public String viewerKey() {
    return scope + '\u0000' + userId + '\u0000' + contentId;
  }
}
