package dev.eventplatform.messaging;

import static dev.eventplatform.messaging.Chat.ONE_SECOND;
import static dev.eventplatform.messaging.Chat.T0;
import static dev.eventplatform.messaging.Chat.join;
import static dev.eventplatform.messaging.Chat.leave;
import static dev.eventplatform.messaging.Chat.toGroup;
import static dev.eventplatform.messaging.Chat.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.GroupMembership;
import dev.eventplatform.model.chat.MessageState;
import dev.eventplatform.model.chat.MessageStatus;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupFanOutTest {

  private KeyedTwoInputStreamOperatorTestHarness<String, ChatMessage, GroupMembership, InboxEvent>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new GroupFanOut(), ChatMessage::groupId, GroupMembership::groupId, Types.STRING);
  }

  @Test
  void sendsToEveryMemberExceptTheSenderOnceTheWatermarkPasses() throws Exception {
    members("team", T0, "alice", "bob", "carol");
    ChatMessage message = toGroup("m1", "alice", "team", T0 + ONE_SECOND);
    harness.processElement1(message, message.ts());

    assertThat(harness.extractOutputValues()).isEmpty(); // a LEAVE may still be on its way

    watermark(T0 + ONE_SECOND);

    assertThat(harness.extractOutputValues())
        .containsExactlyInAnyOrder(
            InboxEvent.ofMessage("bob", message), InboxEvent.ofMessage("carol", message));
    assertThat(statuses())
        .containsExactly(
            new MessageStatus("m1", "alice", "alice", MessageState.SENT, message.ts()));
    assertOnlyMembersRemain(1);
  }

  @Test
  void rejectsMessageFromNonMemberAndDeliversItToNobody() throws Exception {
    members("team", T0, "alice", "bob");
    ChatMessage message = toGroup("m1", "mallory", "team", T0 + ONE_SECOND);
    harness.processElement1(message, message.ts());

    watermark(T0 + ONE_SECOND);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(statuses()).extracting(MessageStatus::status).containsExactly(MessageState.REJECTED);
  }

  @Test
  void usesMembershipAtTheTimeTheMessageWasSentEvenIfChangesArriveLater() throws Exception {
    members("team", T0, "alice", "bob", "carol");
    ChatMessage message = toGroup("m1", "alice", "team", T0 + 10 * ONE_SECOND);
    // The message is read first; membership changes around its send time arrive after it.
    harness.processElement1(message, message.ts());
    harness.processElement2(leave("team", "bob", T0 + 9 * ONE_SECOND), T0 + 9 * ONE_SECOND);
    harness.processElement2(join("team", "dave", T0 + 11 * ONE_SECOND), T0 + 11 * ONE_SECOND);
    harness.processElement2(join("team", "erin", T0 + 10 * ONE_SECOND), T0 + 10 * ONE_SECOND);

    watermark(T0 + 20 * ONE_SECOND);

    // bob left before, dave joined after; erin joined at the same instant and counts.
    assertThat(harness.extractOutputValues())
        .extracting(InboxEvent::recipient)
        .containsExactlyInAnyOrder("carol", "erin");
  }

  @Test
  void rejectsMessageFromMemberWhoLeftBeforeSending() throws Exception {
    members("team", T0, "alice", "bob");
    harness.processElement2(leave("team", "alice", T0 + ONE_SECOND), T0 + ONE_SECOND);
    harness.processElement1(
        toGroup("m1", "alice", "team", T0 + 2 * ONE_SECOND), T0 + 2 * ONE_SECOND);

    watermark(T0 + 2 * ONE_SECOND);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(statuses()).extracting(MessageStatus::status).containsExactly(MessageState.REJECTED);
  }

  @Test
  void fansOutInSendOrderWhateverTheArrivalOrder() throws Exception {
    members("team", T0, "alice", "bob", "carol");
    harness.processElement1(toGroup("m2", "bob", "team", T0 + 2 * ONE_SECOND), T0 + 2 * ONE_SECOND);
    harness.processElement1(toGroup("m1", "alice", "team", T0 + ONE_SECOND), T0 + ONE_SECOND);
    harness.processElement1(
        toGroup("m3", "alice", "team", T0 + 3 * ONE_SECOND), T0 + 3 * ONE_SECOND);

    watermark(T0 + 3 * ONE_SECOND);

    assertThat(harness.extractOutputValues())
        .filteredOn(event -> event.recipient().equals("carol"))
        .extracting(event -> event.message().messageId())
        .containsExactly("m1", "m2", "m3");
  }

  @Test
  void lateMessageSkipsMembersWhoJoinedAfterItWasSent() throws Exception {
    members("team", T0, "alice", "bob");
    harness.processElement2(join("team", "carol", T0 + 5 * ONE_SECOND), T0 + 5 * ONE_SECOND);
    watermark(T0 + 10 * ONE_SECOND);

    harness.processElement1(
        toGroup("m1", "alice", "team", T0 + 2 * ONE_SECOND), T0 + 2 * ONE_SECOND);

    assertThat(harness.extractOutputValues())
        .extracting(InboxEvent::recipient)
        .containsExactly("bob");
  }

  @Test
  void keepsOneCopyOfAWaitingMessageForTenThousandMembers() throws Exception {
    String[] users = new String[10_000];
    for (int i = 0; i < users.length; i++) {
      users[i] = "user-" + i;
    }
    members("big", T0, users);
    ChatMessage message = toGroup("m1", "user-0", "big", T0 + ONE_SECOND);

    harness.processElement1(message, message.ts());

    // The members map and one list holding the single waiting message: nothing per member.
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    watermark(T0 + ONE_SECOND);
    assertThat(harness.extractOutputValues()).hasSize(9_999);
    assertOnlyMembersRemain(1);
  }

  @Test
  void forgetsTheGroupWhenTheLastMemberLeaves() throws Exception {
    members("team", T0, "alice");
    harness.processElement2(leave("team", "alice", T0 + ONE_SECOND), T0 + ONE_SECOND);

    watermark(T0 + ONE_SECOND);

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private void watermark(long time) throws Exception {
    harness.processBothWatermarks(new Watermark(time));
  }

  private void members(String groupId, long ts, String... userIds) throws Exception {
    for (String userId : userIds) {
      harness.processElement2(join(groupId, userId, ts), ts);
    }
    watermark(ts);
  }

  /** Only the member map is left: waiting messages and changes, and their timers, are gone. */
  private void assertOnlyMembersRemain(int groups) {
    assertThat(harness.numKeyedStateEntries()).isEqualTo(groups);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private List<MessageStatus> statuses() {
    return values(harness.getSideOutput(Statuses.TAG));
  }
}
