package dev.eventplatform.messaging;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.GroupMembership;
import dev.eventplatform.model.chat.MembershipAction;
import dev.eventplatform.model.chat.MessageState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by group: holds the group's members and sends each accepted group message to every member
 * at the time it was sent, except the sender. A message from a non-member is {@code REJECTED} and
 * goes nowhere.
 *
 * <p>"Members at the time it was sent" is a question of event time across two topics: a LEAVE a
 * second before the message may still be on its way on {@code group-membership}. So messages and
 * membership changes both wait here until the watermark passes them, and are then applied in
 * event-time order (changes before messages of the same instant). This costs group messages the
 * watermark delay (the out-of-orderness, 2 s by default); 1:1 messages never come here.
 *
 * <p>A waiting message is stored once, whatever the group's size: the fan-out emits one record per
 * member, and each recipient's inbox keeps its own copy in its own state (see the README). State:
 * the member list (bounded by live memberships) and waiting records, each removed by the timer that
 * releases it.
 */
public final class GroupFanOut
    extends KeyedCoProcessFunction<String, ChatMessage, GroupMembership, InboxEvent> {

  public static final String UID = "group-fan-out";

  /** Member id → when they joined (event time), so a late message skips later joiners. */
  private transient MapState<String, Long> members;

  private transient MapState<Long, List<ChatMessage>> waitingMessages;
  private transient MapState<Long, List<GroupMembership>> waitingChanges;
  private transient Counter rejectedMessages;

  @Override
  public void open(OpenContext openContext) {
    members =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("members", Types.STRING, Types.LONG));
    waitingMessages =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting-messages",
                    Types.LONG,
                    Types.LIST(TypeInformation.of(ChatMessage.class))));
    waitingChanges =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting-membership-changes",
                    Types.LONG,
                    Types.LIST(TypeInformation.of(GroupMembership.class))));
    rejectedMessages = getRuntimeContext().getMetricGroup().counter("rejectedMessages");
  }

  @Override
  public void processElement1(ChatMessage message, Context context, Collector<InboxEvent> out)
      throws Exception {
    if (message.ts() <= context.timerService().currentWatermark()) {
      // Late: the membership has moved on; later joiners are still skipped by their join time.
      fanOut(message, context, out);
    } else {
      append(waitingMessages, message.ts(), message);
      context.timerService().registerEventTimeTimer(message.ts());
    }
  }

  @Override
  public void processElement2(GroupMembership change, Context context, Collector<InboxEvent> out)
      throws Exception {
    if (change.ts() <= context.timerService().currentWatermark()) {
      apply(change);
    } else {
      append(waitingChanges, change.ts(), change);
      context.timerService().registerEventTimeTimer(change.ts());
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<InboxEvent> out)
      throws Exception {
    List<GroupMembership> changes = waitingChanges.get(time);
    if (changes != null) {
      for (GroupMembership change : changes) {
        apply(change);
      }
      waitingChanges.remove(time);
    }
    List<ChatMessage> messages = waitingMessages.get(time);
    if (messages != null) {
      for (ChatMessage message : messages) {
        fanOut(message, context, out);
      }
      waitingMessages.remove(time);
    }
  }

  private void apply(GroupMembership change) throws Exception {
    if (change.action() == MembershipAction.LEAVE) {
      members.remove(change.userId());
    } else if (!members.contains(change.userId())) {
      // A repeated JOIN keeps the first join time: the member has been in the group since then.
      members.put(change.userId(), change.ts());
    }
  }

  private void fanOut(ChatMessage message, Context context, Collector<InboxEvent> out)
      throws Exception {
    Long senderJoined = members.get(message.from());
    if (senderJoined == null || senderJoined > message.ts()) {
      rejectedMessages.inc();
      context.output(Statuses.TAG, Statuses.forSender(message, MessageState.REJECTED));
      return;
    }
    context.output(Statuses.TAG, Statuses.forSender(message, MessageState.SENT));
    for (Map.Entry<String, Long> member : members.entries()) {
      if (!member.getKey().equals(message.from()) && member.getValue() <= message.ts()) {
        out.collect(InboxEvent.ofMessage(member.getKey(), message));
      }
    }
  }

  private static <T> void append(MapState<Long, List<T>> waiting, long time, T value)
      throws Exception {
    List<T> atTime = waiting.get(time);
    List<T> updated = atTime == null ? new ArrayList<>() : new ArrayList<>(atTime);
    updated.add(value);
    waiting.put(time, updated);
  }
}
