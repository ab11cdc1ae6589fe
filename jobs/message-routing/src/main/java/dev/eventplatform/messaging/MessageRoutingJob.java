package dev.eventplatform.messaging;

import dev.eventplatform.config.Settings;
import dev.eventplatform.job.JobEnvironment;
import dev.eventplatform.job.KafkaEndpoints;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.GroupMembership;
import dev.eventplatform.model.chat.MessageStatus;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.PushNotification;
import dev.eventplatform.model.chat.Receipt;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * message-routing: routes end-to-end-encrypted envelopes from {@code chat-messages} to the gateways
 * holding the recipients' sockets ({@code deliveries}), wakes offline recipients ({@code
 * push-notifications}) and tells senders how their messages fare ({@code message-status}), using
 * {@code presence}, {@code group-membership} and {@code receipts}.
 *
 * <p>The pipeline: {@link MessageAcceptor} (by sender) → for groups {@link GroupFanOut} (by group)
 * → {@link RecipientInbox} (by recipient). {@code deliveries} is at-least-once, so it is not held
 * back until a checkpoint commits it (gateways de-duplicate by messageId); pushes and statuses are
 * exactly-once. The ciphertext is never decoded, logged or put anywhere but {@code deliveries}.
 */
public final class MessageRoutingJob {

  public static final String NAME = "message-routing";

  private MessageRoutingJob() {}

  public static void main(String[] args) throws Exception {
    MessageRoutingConfig config = MessageRoutingConfig.from(Settings.fromArgs(args));
    StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
    env.setBufferTimeout(config.bufferTimeout().toMillis());
    KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());

    Outputs outputs =
        build(
            kafka.read(Topics.CHAT_MESSAGES),
            kafka.read(Topics.PRESENCE),
            kafka.read(Topics.GROUP_MEMBERSHIP),
            kafka.read(Topics.RECEIPTS),
            config);

    kafka.write(outputs.deliveries(), Topics.DELIVERIES);
    kafka.write(outputs.pushes(), Topics.PUSH_NOTIFICATIONS);
    kafka.write(outputs.statuses(), Topics.MESSAGE_STATUS);
    kafka.execute();
  }

  /** What the job produces, before it is written anywhere. */
  public record Outputs(
      DataStream<Delivery> deliveries,
      DataStream<PushNotification> pushes,
      DataStream<MessageStatus> statuses) {}

  /** The pipeline, from input events with timestamps and watermarks to the three outputs. */
  public static Outputs build(
      DataStream<ChatMessage> messages,
      DataStream<Presence> presence,
      DataStream<GroupMembership> memberships,
      DataStream<Receipt> receipts,
      MessageRoutingConfig config) {
    TypeInformation<InboxEvent> inboxEvents = TypeInformation.of(InboxEvent.class);

    SingleOutputStreamOperator<InboxEvent> directMessages =
        messages
            .keyBy(ChatMessage::from)
            .process(new MessageAcceptor(config.dedupeWindow()), inboxEvents)
            .uid(MessageAcceptor.UID)
            .name("Accept messages (by sender)");

    SingleOutputStreamOperator<InboxEvent> groupCopies =
        directMessages
            .getSideOutput(MessageAcceptor.GROUP_MESSAGES)
            .keyBy(ChatMessage::groupId)
            .connect(memberships.keyBy(GroupMembership::groupId))
            .process(new GroupFanOut(), inboxEvents)
            .uid(GroupFanOut.UID)
            .name("Fan out group messages (by group)");

    DataStream<InboxEvent> presenceChanges =
        presence
            .map(InboxEvent::ofPresence, inboxEvents)
            .uid("presence-to-inbox")
            .name("Presence to inbox");
    DataStream<InboxEvent> receiptEvents =
        receipts
            .map(InboxEvent::ofReceipt, inboxEvents)
            .uid("receipts-to-inbox")
            .name("Receipts to inbox");

    SingleOutputStreamOperator<Delivery> deliveries =
        directMessages
            .union(groupCopies, presenceChanges, receiptEvents)
            .keyBy(InboxEvent::recipient)
            .process(
                new RecipientInbox(
                    config.messageTtl(), config.pushCollapseInterval(), config.receiptTimeout()),
                TypeInformation.of(Delivery.class))
            .uid(RecipientInbox.UID)
            .name("Recipient inboxes (by recipient)");

    DataStream<MessageStatus> statuses =
        directMessages
            .getSideOutput(Statuses.TAG)
            .union(groupCopies.getSideOutput(Statuses.TAG), deliveries.getSideOutput(Statuses.TAG));
    return new Outputs(deliveries, deliveries.getSideOutput(RecipientInbox.PUSHES), statuses);
  }
}
