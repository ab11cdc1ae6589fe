package dev.eventplatform.model.chat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/**
 * An end-to-end-encrypted envelope, from {@code chat-messages}, keyed by {@code from}. Exactly one
 * of {@code to} and {@code groupId} should be set; an envelope that breaks this is valid JSON and
 * is answered with a {@code REJECTED} status rather than dead-lettered.
 *
 * <p>{@code ciphertext} is opaque: no job decodes, logs or inspects it, which is why {@link
 * #toString()} leaves it out.
 */
public record ChatMessage(
    @JsonProperty(required = true) String messageId,
    @JsonProperty(required = true) String from,
    String to,
    String groupId,
    @JsonProperty(required = true) String ciphertext,
    @JsonProperty(required = true) long ts,
    MessageKind kind)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("messageId", messageId)
        .notBlank("from", from)
        .notNull("ciphertext", ciphertext)
        .positiveTime("ts", ts)
        .result();
  }

  public boolean isGroupMessage() {
    return groupId != null;
  }

  @Override
  public String toString() {
    return "ChatMessage[messageId="
        + messageId
        + ", from="
        + from
        + ", to="
        + to
        + ", groupId="
        + groupId
        + ", ciphertext=<"
        + (ciphertext == null ? 0 : ciphertext.length())
        + " chars>, ts="
        + ts
        + ", kind="
        + kind
        + "]";
  }
}
