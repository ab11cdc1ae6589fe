package dev.eventplatform.model.chat;

/** What a recipient's device reports about a message. */
public enum ReceiptStatus {
  DELIVERED,
  READ
}
