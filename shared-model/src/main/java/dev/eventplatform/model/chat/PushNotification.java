package dev.eventplatform.model.chat;

import dev.eventplatform.model.ContractEvent;

/**
 * A wake-up for an offline recipient, on {@code push-notifications}, keyed by {@code to}. It never
 * carries the ciphertext.
 */
public record PushNotification(String to, String messageId, String from, String groupId, long ts)
    implements ContractEvent {}
