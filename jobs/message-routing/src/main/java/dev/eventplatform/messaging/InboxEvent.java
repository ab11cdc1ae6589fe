package dev.eventplatform.messaging;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.Receipt;

/**
 * Something that happens to one recipient's inbox, which {@link RecipientInbox} handles in arrival
 * order: a message addressed to them (a 1:1 message, or one copy of a group message), a change of
 * their presence, or a receipt from one of their devices. Exactly one of {@code message}, {@code
 * presence} and {@code receipt} is set.
 *
 * @param recipient the user whose inbox this concerns; the key of {@link RecipientInbox}
 */
public record InboxEvent(
    String recipient, ChatMessage message, Presence presence, Receipt receipt) {

  /** {@code message} for {@code recipient}; for a group message, the one member it goes to. */
  public static InboxEvent ofMessage(String recipient, ChatMessage message) {
    return new InboxEvent(recipient, message, null, null);
  }

  public static InboxEvent ofPresence(Presence presence) {
    return new InboxEvent(presence.userId(), null, presence, null);
  }

  /** A receipt concerns the inbox of the user who sent it, i.e. its {@code from}. */
  public static InboxEvent ofReceipt(Receipt receipt) {
    return new InboxEvent(receipt.from(), null, null, receipt);
  }
}
