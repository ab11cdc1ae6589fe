package dev.eventplatform.model.chat;

import dev.eventplatform.model.ContractEvent;

/**
 * An envelope handed to the gateway holding the recipient's socket, on {@code deliveries}, keyed by
 * {@code gatewayId}. {@link #toString()} leaves the ciphertext out.
 *
 * @param groupId the group the message was sent to, or {@code null} for a 1:1 message
 */
public record Delivery(
    String messageId,
    String from,
    String to,
    String groupId,
    String ciphertext,
    String gatewayId,
    long ts)
    implements ContractEvent {

  @Override
  public String toString() {
    return "Delivery[messageId="
        + messageId
        + ", from="
        + from
        + ", to="
        + to
        + ", groupId="
        + groupId
        + ", ciphertext=<"
        + (ciphertext == null ? 0 : ciphertext.length())
        + " chars>, gatewayId="
        + gatewayId
        + ", ts="
        + ts
        + "]";
  }
}
