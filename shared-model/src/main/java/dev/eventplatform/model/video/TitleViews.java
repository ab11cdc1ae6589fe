package dev.eventplatform.model.video;

/** A title and how many distinct users really watched it in a window. */
public record TitleViews(String contentId, long views) {}
