package dev.eventplatform.video;

/**
 * How many distinct viewers a title had in one window, within one group: a trending scope or a
 * genre (see {@link ListKind}).
 */
public record TitleCount(
    ListKind kind, String group, long windowEnd, String contentId, long views) {

  /** The ranked list this count competes in. */
  public String listKey() {
    return kind + ":" + group;
  }
}
