package dev.eventplatform.messaging;

import static dev.eventplatform.messaging.Chat.ONE_MINUTE;
import static dev.eventplatform.messaging.Chat.ONE_SECOND;
import static dev.eventplatform.messaging.Chat.PUSH_COLLAPSE;
import static dev.eventplatform.messaging.Chat.RECEIPT_TIMEOUT;
import static dev.eventplatform.messaging.Chat.T0;
import static dev.eventplatform.messaging.Chat.THIRTY_DAYS;
import static dev.eventplatform.messaging.Chat.TTL;
import static dev.eventplatform.messaging.Chat.direct;
import static dev.eventplatform.messaging.Chat.offline;
import static dev.eventplatform.messaging.Chat.online;
import static dev.eventplatform.messaging.Chat.receipt;
import static dev.eventplatform.messaging.Chat.toGroup;
import static dev.eventplatform.messaging.Chat.values;
import static dev.eventplatform.model.chat.ReceiptStatus.DELIVERED;
import static dev.eventplatform.model.chat.ReceiptStatus.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.MessageState;
import dev.eventplatform.model.chat.MessageStatus;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.PushNotification;
import dev.eventplatform.model.chat.Receipt;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecipientInboxTest {

  /** Processing time of the test, a wall clock that starts when the test does. */
  private static final long NOW = 5_000_000;

  private KeyedOneInputStreamOperatorTestHarness<String, InboxEvent, Delivery> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new RecipientInbox(TTL, PUSH_COLLAPSE, RECEIPT_TIMEOUT),
            InboxEvent::recipient,
            Types.STRING);
    harness.setProcessingTime(NOW);
  }

  @Test
  void deliversAtOnceToTheGatewayOfAnOnlineRecipient() throws Exception {
    presence(online("bob", "gw-1", T0));
    ChatMessage message = direct("m1", "alice", "bob", T0 + ONE_SECOND);

    send("bob", message);

    // No watermark moved: the online path never waits for event time.
    assertThat(harness.extractOutputValues())
        .containsExactly(
            new Delivery("m1", "alice", "bob", null, message.ciphertext(), "gw-1", message.ts()));
    assertThat(pushes()).isEmpty();
  }

  @Test
  void deliversGroupCopyWithItsGroup() throws Exception {
    presence(online("bob", "gw-1", T0));

    send("bob", toGroup("m1", "alice", "team", T0));

    assertThat(harness.extractOutputValues()).extracting(Delivery::groupId).containsExactly("team");
  }

  @Test
  void storesMessageForOfflineRecipientAndSendsOnePush() throws Exception {
    presence(offline("bob", T0));

    send("bob", direct("m1", "alice", "bob", T0 + ONE_SECOND));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(pushes())
        .containsExactly(new PushNotification("bob", "m1", "alice", null, T0 + ONE_SECOND));
  }

  @Test
  void treatsRecipientWithoutPresenceAsOffline() throws Exception {
    send("bob", direct("m1", "alice", "bob", T0));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(pushes()).hasSize(1);
  }

  @Test
  void collapsesPushesToOnePerIntervalWhileOffline() throws Exception {
    send("bob", direct("m1", "alice", "bob", T0));
    harness.setProcessingTime(NOW + 30 * ONE_SECOND);
    send("bob", direct("m2", "carol", "bob", T0 + 30 * ONE_SECOND));
    harness.setProcessingTime(NOW + ONE_MINUTE - 1);
    send("bob", direct("m3", "alice", "bob", T0 + ONE_MINUTE));

    assertThat(pushes()).extracting(PushNotification::messageId).containsExactly("m1");

    harness.setProcessingTime(NOW + ONE_MINUTE);
    send("bob", direct("m4", "alice", "bob", T0 + 2 * ONE_MINUTE));

    assertThat(pushes()).extracting(PushNotification::messageId).containsExactly("m1", "m4");
  }

  @Test
  void pushesAgainForANewOfflinePeriod() throws Exception {
    send("bob", direct("m1", "alice", "bob", T0));
    presence(online("bob", "gw-1", T0 + ONE_SECOND));
    presence(offline("bob", T0 + 2 * ONE_SECOND));

    send("bob", direct("m2", "alice", "bob", T0 + 3 * ONE_SECOND));

    assertThat(pushes()).extracting(PushNotification::messageId).containsExactly("m1", "m2");
  }

  @Test
  void deliversEverythingPendingInArrivalOrderWhenRecipientComesOnline() throws Exception {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String sender = i % 3 == 0 ? "alice" : "carol";
      ChatMessage message = direct("m" + i, sender, "bob", T0 + i * ONE_SECOND);
      send("bob", message);
      sent.add(message.messageId());
    }

    presence(online("bob", "gw-2", T0 + ONE_MINUTE));

    assertThat(harness.extractOutputValues())
        .extracting(Delivery::messageId)
        .containsExactlyElementsOf(sent);
    assertThat(harness.extractOutputValues()).extracting(Delivery::gatewayId).containsOnly("gw-2");
  }

  @Test
  void redeliversUnacknowledgedMessagesOnTheNextOnlineInOrder() throws Exception {
    presence(online("bob", "gw-1", T0));
    send("bob", direct("m1", "alice", "bob", T0 + ONE_SECOND));
    presence(offline("bob", T0 + 2 * ONE_SECOND)); // before any receipt for m1
    send("bob", direct("m2", "alice", "bob", T0 + 3 * ONE_SECOND));

    presence(online("bob", "gw-2", T0 + 4 * ONE_SECOND));

    assertThat(harness.extractOutputValues())
        .extracting(delivery -> delivery.messageId() + "@" + delivery.gatewayId())
        .containsExactly("m1@gw-1", "m1@gw-2", "m2@gw-2");
  }

  @Test
  void doesNotRedeliverAcknowledgedMessages() throws Exception {
    presence(online("bob", "gw-1", T0));
    ChatMessage first = direct("m1", "alice", "bob", T0 + ONE_SECOND);
    send("bob", first);
    send("bob", direct("m2", "alice", "bob", T0 + 2 * ONE_SECOND));
    receive(receipt(first, "bob", DELIVERED, T0 + 3 * ONE_SECOND));
    presence(offline("bob", T0 + 4 * ONE_SECOND));

    presence(online("bob", "gw-2", T0 + 5 * ONE_SECOND));

    assertThat(harness.extractOutputValues())
        .extracting(delivery -> delivery.messageId() + "@" + delivery.gatewayId())
        .containsExactly("m1@gw-1", "m2@gw-1", "m2@gw-2");
  }

  @Test
  void ignoresPresenceOlderThanTheLatest() throws Exception {
    presence(online("bob", "gw-2", T0 + 10 * ONE_SECOND));
    presence(offline("bob", T0 + 5 * ONE_SECOND));

    send("bob", direct("m1", "alice", "bob", T0 + 11 * ONE_SECOND));

    assertThat(harness.extractOutputValues())
        .extracting(Delivery::gatewayId)
        .containsExactly("gw-2");
  }

  @Test
  void deliversACopyRoutedTwiceOnlyOnce() throws Exception {
    presence(online("bob", "gw-1", T0));
    ChatMessage message = direct("m1", "alice", "bob", T0);

    send("bob", message);
    send("bob", message);

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void pushesWhenNoReceiptComesWithinTheTimeoutWhileOnline() throws Exception {
    presence(online("bob", "gw-1", T0));
    send("bob", direct("m1", "alice", "bob", T0 + ONE_SECOND));
    harness.setProcessingTime(NOW + 10 * ONE_SECOND);
    send("bob", direct("m2", "alice", "bob", T0 + 10 * ONE_SECOND));

    harness.setProcessingTime(NOW + RECEIPT_TIMEOUT.toMillis() - 1);
    assertThat(pushes()).isEmpty();

    harness.setProcessingTime(NOW + RECEIPT_TIMEOUT.toMillis());
    assertThat(pushes()).extracting(PushNotification::messageId).containsExactly("m1");

    // m2 is overdue ten seconds later, but the push collapse interval has not passed.
    harness.setProcessingTime(NOW + RECEIPT_TIMEOUT.toMillis() + PUSH_COLLAPSE.toMillis());
    assertThat(pushes()).hasSize(1);
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void noFallbackPushWhenTheReceiptComesInTime() throws Exception {
    presence(online("bob", "gw-1", T0));
    ChatMessage message = direct("m1", "alice", "bob", T0);
    send("bob", message);
    harness.setProcessingTime(NOW + 5 * ONE_SECOND);
    receive(receipt(message, "bob", DELIVERED, T0 + 5 * ONE_SECOND));

    harness.setProcessingTime(NOW + 10 * RECEIPT_TIMEOUT.toMillis());

    assertThat(pushes()).isEmpty();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void noFallbackPushOnceTheRecipientWentOffline() throws Exception {
    presence(online("bob", "gw-1", T0));
    send("bob", direct("m1", "alice", "bob", T0));
    presence(offline("bob", T0 + ONE_SECOND));

    harness.setProcessingTime(NOW + RECEIPT_TIMEOUT.toMillis());

    assertThat(pushes()).isEmpty();
  }

  @Test
  void tellsTheSenderWhenTheMessageWasDeliveredAndRead() throws Exception {
    presence(online("bob", "gw-1", T0));
    ChatMessage message = direct("m1", "alice", "bob", T0);
    send("bob", message);

    receive(receipt(message, "bob", DELIVERED, T0 + ONE_SECOND));
    receive(receipt(message, "bob", READ, T0 + 2 * ONE_SECOND));

    assertThat(statuses())
        .containsExactly(
            new MessageStatus("m1", "alice", "bob", MessageState.DELIVERED, T0 + ONE_SECOND),
            new MessageStatus("m1", "alice", "bob", MessageState.READ, T0 + 2 * ONE_SECOND));
  }

  @Test
  void readImpliesDelivered() throws Exception {
    presence(online("bob", "gw-1", T0));
    ChatMessage message = direct("m1", "alice", "bob", T0);
    send("bob", message);

    receive(receipt(message, "bob", READ, T0 + ONE_SECOND));

    assertThat(statuses())
        .extracting(MessageStatus::status)
        .containsExactly(MessageState.DELIVERED, MessageState.READ);
    // Read means acknowledged: nothing left to redeliver.
    presence(online("bob", "gw-2", T0 + 2 * ONE_SECOND));
    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void reportsRepeatedReceiptsOnce() throws Exception {
    presence(online("bob", "gw-1", T0));
    ChatMessage message = direct("m1", "alice", "bob", T0);
    send("bob", message);

    receive(receipt(message, "bob", DELIVERED, T0 + ONE_SECOND));
    receive(receipt(message, "bob", DELIVERED, T0 + 2 * ONE_SECOND));
    receive(receipt(message, "bob", READ, T0 + 3 * ONE_SECOND));
    receive(receipt(message, "bob", READ, T0 + 4 * ONE_SECOND));
    receive(receipt(message, "bob", DELIVERED, T0 + 5 * ONE_SECOND));

    assertThat(statuses())
        .extracting(MessageStatus::status)
        .containsExactly(MessageState.DELIVERED, MessageState.READ);
  }

  @Test
  void ignoresReceiptForAMessageItNeverHad() throws Exception {
    receive(new Receipt("m404", "bob", "alice", DELIVERED, T0));
    // bob has a message from alice, but not this one, and not from carol
    presence(online("bob", "gw-1", T0));
    send("bob", direct("m1", "alice", "bob", T0));
    receive(new Receipt("m1", "bob", "carol", READ, T0));
    receive(new Receipt("m404", "bob", "alice", READ, T0));

    assertThat(statuses()).isEmpty();
  }

  @Test
  void leavesNoStateForUnknownReceipts() throws Exception {
    receive(new Receipt("m404", "bob", "alice", DELIVERED, T0));

    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void expiresAnUnacknowledgedMessageAfterTheTtl() throws Exception {
    send("bob", direct("m1", "alice", "bob", T0));

    harness.processWatermark(new Watermark(T0 + THIRTY_DAYS - 1));
    assertThat(statuses()).isEmpty();

    harness.processWatermark(new Watermark(T0 + THIRTY_DAYS));
    assertThat(statuses())
        .containsExactly(
            new MessageStatus("m1", "alice", "bob", MessageState.EXPIRED, T0 + THIRTY_DAYS));
    assertNothingLeft();
  }

  @Test
  void expiresDeliveredButUnacknowledgedMessageToo() throws Exception {
    presence(online("bob", "gw-1", T0));
    send("bob", direct("m1", "alice", "bob", T0));
    presence(offline("bob", T0 + ONE_SECOND));

    harness.processWatermark(new Watermark(T0 + THIRTY_DAYS));

    assertThat(statuses()).extracting(MessageStatus::status).containsExactly(MessageState.EXPIRED);
    presence(online("bob", "gw-2", T0 + THIRTY_DAYS + ONE_SECOND));
    assertThat(harness.extractOutputValues()).hasSize(1); // the first delivery only
  }

  @Test
  void forgetsEverythingAboutAReadMessageAtItsTtl() throws Exception {
    presence(online("bob", "gw-1", T0));
    ChatMessage message = direct("m1", "alice", "bob", T0);
    send("bob", message);
    receive(receipt(message, "bob", READ, T0 + ONE_SECOND));
    presence(offline("bob", T0 + 2 * ONE_SECOND));
    harness.setProcessingTime(NOW + RECEIPT_TIMEOUT.toMillis());

    harness.processWatermark(new Watermark(T0 + THIRTY_DAYS));

    assertThat(statuses())
        .extracting(MessageStatus::status)
        .containsExactly(MessageState.DELIVERED, MessageState.READ); // no EXPIRED
    assertNothingLeft();
  }

  @Test
  void keepsOnlyThePresenceOfAnOnlineUserWithoutMessages() throws Exception {
    presence(online("bob", "gw-1", T0));
    presence(offline("carol", T0));

    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
  }

  private void send(String recipient, ChatMessage message) throws Exception {
    harness.processElement(InboxEvent.ofMessage(recipient, message), message.ts());
  }

  private void presence(Presence presence) throws Exception {
    harness.processElement(InboxEvent.ofPresence(presence), presence.ts());
  }

  private void receive(Receipt receipt) throws Exception {
    harness.processElement(InboxEvent.ofReceipt(receipt), receipt.ts());
  }

  private List<PushNotification> pushes() {
    return values(harness.getSideOutput(RecipientInbox.PUSHES));
  }

  private List<MessageStatus> statuses() {
    return values(harness.getSideOutput(Statuses.TAG));
  }

  private void assertNothingLeft() {
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }
}
