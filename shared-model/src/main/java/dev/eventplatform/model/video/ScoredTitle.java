package dev.eventplatform.model.video;

/** One recommended title and its score. */
public record ScoredTitle(String contentId, double score) {}
