package dev.eventplatform.video;

/** What a ranked list of titles ranks: a trending scope, or the titles of one genre. */
public enum ListKind {
  TRENDING,
  GENRE
}
