package dev.eventplatform.messaging;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.MessageState;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first stage, keyed by sender: accepts each message once per (sender, messageId) and sends it
 * on its way. A 1:1 message goes straight to its recipient's inbox and the sender gets {@code
 * SENT}; a group message goes to {@link GroupFanOut} (the {@link #GROUP_MESSAGES} side output),
 * which answers SENT or REJECTED once it knows the membership. A message with both or neither of
 * {@code to} and {@code groupId} is {@code REJECTED} here.
 *
 * <p>Seen ids are kept for the dedupe window with Flink's state TTL (processing time), which drops
 * them during RocksDB compaction: no timer per message, and state bounded by senders' traffic in
 * one window.
 */
public final class MessageAcceptor extends KeyedProcessFunction<String, ChatMessage, InboxEvent> {

  public static final String UID = "message-acceptor";

  /** Accepted group messages, on their way to the group's fan-out. */
  public static final OutputTag<ChatMessage> GROUP_MESSAGES =
      new OutputTag<>("group-messages", TypeInformation.of(ChatMessage.class));

  private final Duration dedupeWindow;

  private transient MapState<String, Boolean> seenMessageIds;
  private transient Counter duplicateMessages;
  private transient Counter rejectedMessages;

  public MessageAcceptor(Duration dedupeWindow) {
    this.dedupeWindow = dedupeWindow;
  }

  @Override
  public void open(OpenContext openContext) {
    MapStateDescriptor<String, Boolean> seen =
        new MapStateDescriptor<>("seen-message-ids", Types.STRING, Types.BOOLEAN);
    seen.enableTimeToLive(
        StateTtlConfig.newBuilder(dedupeWindow)
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            .build());
    seenMessageIds = getRuntimeContext().getMapState(seen);
    duplicateMessages = getRuntimeContext().getMetricGroup().counter("duplicateMessages");
    rejectedMessages = getRuntimeContext().getMetricGroup().counter("rejectedMessages");
  }

  @Override
  public void processElement(ChatMessage message, Context context, Collector<InboxEvent> out)
      throws Exception {
    boolean toUser = isSet(message.to());
    boolean toGroup = isSet(message.groupId());
    if (toUser == toGroup) {
      rejectedMessages.inc();
      context.output(Statuses.TAG, Statuses.forSender(message, MessageState.REJECTED));
      return;
    }
    if (seenMessageIds.contains(message.messageId())) {
      duplicateMessages.inc();
      return;
    }
    seenMessageIds.put(message.messageId(), true);
    if (toGroup) {
      context.output(GROUP_MESSAGES, message);
    } else {
      context.output(Statuses.TAG, Statuses.forSender(message, MessageState.SENT));
      out.collect(InboxEvent.ofMessage(message.to(), message));
    }
  }

  private static boolean isSet(String id) {
    return id != null && !id.isBlank();
  }
}
