package dev.eventplatform.model.chat;

/** What an envelope carries, as far as routing needs to know. */
public enum MessageKind {
  TEXT,
  MEDIA
}
