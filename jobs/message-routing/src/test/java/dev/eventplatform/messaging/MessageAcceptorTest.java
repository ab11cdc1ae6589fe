package dev.eventplatform.messaging;

import static dev.eventplatform.messaging.Chat.DEDUPE_WINDOW;
import static dev.eventplatform.messaging.Chat.ONE_SECOND;
import static dev.eventplatform.messaging.Chat.T0;
import static dev.eventplatform.messaging.Chat.direct;
import static dev.eventplatform.messaging.Chat.toGroup;
import static dev.eventplatform.messaging.Chat.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.MessageKind;
import dev.eventplatform.model.chat.MessageState;
import dev.eventplatform.model.chat.MessageStatus;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageAcceptorTest {

  private KeyedOneInputStreamOperatorTestHarness<String, ChatMessage, InboxEvent> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new MessageAcceptor(DEDUPE_WINDOW), ChatMessage::from, Types.STRING);
  }

  @Test
  void acceptsDirectMessageOnceAndTellsSenderSent() throws Exception {
    ChatMessage message = direct("m1", "alice", "bob", T0);

    harness.processElement(message, T0);
    harness.processElement(message, T0 + ONE_SECOND); // the client resends it

    assertThat(harness.extractOutputValues()).containsExactly(InboxEvent.ofMessage("bob", message));
    assertThat(statuses())
        .containsExactly(new MessageStatus("m1", "alice", "alice", MessageState.SENT, T0));
  }

  @Test
  void sameMessageIdFromAnotherSenderIsAnotherMessage() throws Exception {
    harness.processElement(direct("m1", "alice", "bob", T0), T0);
    harness.processElement(direct("m1", "carol", "bob", T0), T0);

    assertThat(harness.extractOutputValues()).hasSize(2);
  }

  @Test
  void rejectsMessageWithBothRecipientAndGroup() throws Exception {
    ChatMessage both = new ChatMessage("m1", "alice", "bob", "team", "AAAA", T0, MessageKind.TEXT);

    harness.processElement(both, T0);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getSideOutput(MessageAcceptor.GROUP_MESSAGES)).isNull();
    assertThat(statuses())
        .containsExactly(new MessageStatus("m1", "alice", "alice", MessageState.REJECTED, T0));
  }

  @Test
  void rejectsMessageWithNeitherRecipientNorGroup() throws Exception {
    harness.processElement(new ChatMessage("m1", "alice", null, " ", "AAAA", T0, null), T0);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(statuses()).extracting(MessageStatus::status).containsExactly(MessageState.REJECTED);
  }

  @Test
  void sendsGroupMessagesToFanOutOnceWithoutStatusYet() throws Exception {
    ChatMessage message = toGroup("m1", "alice", "team", T0);

    harness.processElement(message, T0);
    harness.processElement(message, T0);

    assertThat(values(harness.getSideOutput(MessageAcceptor.GROUP_MESSAGES)))
        .containsExactly(message);
    assertThat(harness.extractOutputValues()).isEmpty();
    // SENT or REJECTED comes from the fan-out, which knows the membership.
    assertThat(statuses()).isEmpty();
  }

  @Test
  void acceptsResendAgainOnlyAfterTheDedupeWindow() throws Exception {
    ChatMessage message = direct("m1", "alice", "bob", T0);
    harness.setStateTtlProcessingTime(0);
    harness.processElement(message, T0);

    harness.setStateTtlProcessingTime(DEDUPE_WINDOW.toMillis() - 1);
    harness.processElement(message, T0);
    assertThat(harness.extractOutputValues()).hasSize(1);

    harness.setStateTtlProcessingTime(DEDUPE_WINDOW.toMillis() + 1);
    harness.processElement(message, T0);
    assertThat(harness.extractOutputValues()).hasSize(2);
  }

  private java.util.List<MessageStatus> statuses() {
    return values(harness.getSideOutput(Statuses.TAG));
  }
}
