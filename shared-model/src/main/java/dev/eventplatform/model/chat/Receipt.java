package dev.eventplatform.model.chat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.Validation;

/**
 * A recipient's acknowledgement, from {@code receipts}, keyed by {@code to}.
 *
 * @param from who received or read the message
 * @param to the original sender
 */
public record Receipt(
    @JsonProperty(required = true) String messageId,
    @JsonProperty(required = true) String from,
    @JsonProperty(required = true) String to,
    @JsonProperty(required = true) ReceiptStatus status,
    @JsonProperty(required = true) long ts)
    implements ContractEvent {

  @Override
  public String violation() {
    return Validation.check()
        .notBlank("messageId", messageId)
        .notBlank("from", from)
        .notBlank("to", to)
        .notNull("status", status)
        .positiveTime("ts", ts)
        .result();
  }
}
