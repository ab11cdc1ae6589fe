package dev.eventplatform.messaging;

import dev.eventplatform.model.chat.MessageState;

/**
 * How far one message got with one recipient, kept until the message's TTL so that a late READ
 * receipt still finds it and a repeated receipt is not reported twice.
 *
 * @param queueSeq its place in the recipient's queue of pending messages
 * @param reported the furthest status the sender was told: SENT (still pending), DELIVERED or READ
 */
public record MessageProgress(long queueSeq, MessageState reported) {

  public boolean isPending() {
    return reported == MessageState.SENT;
  }
}
