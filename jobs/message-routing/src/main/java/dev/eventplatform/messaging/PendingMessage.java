package dev.eventplatform.messaging;

import dev.eventplatform.model.chat.ChatMessage;

/**
 * A message in a recipient's inbox that the recipient has not acknowledged yet.
 *
 * @param deliveredAt when it was last handed to a gateway (processing time), or {@link
 *     #NOT_DELIVERED}
 * @param fallbackPushed whether the receipt timeout already caused a push for this delivery
 */
public record PendingMessage(ChatMessage message, long deliveredAt, boolean fallbackPushed) {

  public static final long NOT_DELIVERED = -1;

  /** A message stored for a recipient who is offline. */
  public static PendingMessage waiting(ChatMessage message) {
    return new PendingMessage(message, NOT_DELIVERED, false);
  }

  public PendingMessage asDeliveredAt(long now) {
    return new PendingMessage(message, now, false);
  }

  public PendingMessage withFallbackPushed() {
    return new PendingMessage(message, deliveredAt, true);
  }

  /** Delivered no later than {@code time} and not yet the cause of a fallback push. */
  public boolean awaitsReceiptSince(long time) {
    return deliveredAt != NOT_DELIVERED && !fallbackPushed && deliveredAt <= time;
  }
}
