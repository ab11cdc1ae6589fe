package dev.eventplatform.model.chat;

/** Whether a user holds an open connection. */
public enum PresenceStatus {
  ONLINE,
  OFFLINE
}
