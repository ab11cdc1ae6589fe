package dev.eventplatform.messaging;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.MessageState;
import dev.eventplatform.model.chat.MessageStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The {@code message-status} side output that every stage reports to, and its records. */
final class Statuses {

  static final OutputTag<MessageStatus> TAG =
      new OutputTag<>("message-status", TypeInformation.of(MessageStatus.class));

  private Statuses() {}

  /** SENT or REJECTED: about the message as a whole, so its recipient is the sender itself. */
  static MessageStatus forSender(ChatMessage message, MessageState state) {
    return new MessageStatus(
        message.messageId(), message.from(), message.from(), state, message.ts());
  }

  /** DELIVERED, READ or EXPIRED: about one recipient of the message. */
  static MessageStatus forRecipient(
      String messageId, String sender, String recipient, MessageState state, long ts) {
    return new MessageStatus(messageId, sender, recipient, state, ts);
  }
}
