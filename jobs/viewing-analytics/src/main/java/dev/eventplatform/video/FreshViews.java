package dev.eventplatform.video;

import java.util.List;

/**
 * A viewer who counts, for the first time, for a title in a scope in the windows ending at {@code
 * windowEnds}.
 */
public record FreshViews(String scope, String contentId, List<Long> windowEnds) {}
