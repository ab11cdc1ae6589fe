package dev.eventplatform.model.chat;

import dev.eventplatform.model.ContractEvent;

/**
 * A message's progress, on {@code message-status}, keyed by {@code to}.
 *
 * @param to the original sender, who is told
 * @param recipient whom the status is about (the sender itself for SENT and REJECTED)
 */
public record MessageStatus(
    String messageId, String to, String recipient, MessageState status, long ts)
    implements ContractEvent {}
