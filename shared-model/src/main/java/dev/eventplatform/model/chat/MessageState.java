package dev.eventplatform.model.chat;

/** Where a message stands, as told to its sender. */
public enum MessageState {
  SENT,
  DELIVERED,
  READ,
  EXPIRED,
  REJECTED
}
