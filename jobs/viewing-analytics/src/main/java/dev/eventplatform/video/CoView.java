package dev.eventplatform.video;

/** One user watched both titles (within their recent history): evidence that they are alike. */
public record CoView(String contentId, String otherContentId, long ts) {}
