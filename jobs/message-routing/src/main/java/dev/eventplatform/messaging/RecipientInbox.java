package dev.eventplatform.messaging;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.MessageState;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.PresenceStatus;
import dev.eventplatform.model.chat.PushNotification;
import dev.eventplatform.model.chat.Receipt;
import dev.eventplatform.model.chat.ReceiptStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by recipient: everything addressed to one user, their presence and their receipts.
 *
 * <ul>
 *   <li>A message for an ONLINE recipient is delivered to their gateway at once (no watermark
 *       wait); for an OFFLINE one it is stored and a push goes out, at most one per recipient per
 *       collapse interval.
 *   <li>Every message stays in the queue until its DELIVERED (or READ) receipt. Each ONLINE
 *       presence delivers the whole queue again, in arrival order, to the new gateway; gateways
 *       de-duplicate by messageId. The queue is keyed by a per-recipient sequence number, so one
 *       conversation's messages keep the order in which they reached this inbox.
 *   <li>A delivery without a receipt within the receipt timeout, while the recipient is still
 *       online, gets a fallback push (the gateway may have lost the socket).
 *   <li>Receipts reach the sender as DELIVERED and READ; READ implies DELIVERED. A receipt for a
 *       message this inbox never had is ignored and counted in {@code unknownReceipts}.
 *   <li>At the message TTL (event time) an unacknowledged message is EXPIRED to its sender, and
 *       everything kept about the message is removed.
 * </ul>
 *
 * <p>Timers: expiry is event time (the TTL counts from when the message was sent, and replays
 * expire the same way); the receipt timeout and push collapsing are processing time, because they
 * are about a live socket and a person's phone, and event time only moves with traffic. One
 * receipt-check timer per recipient at a time, not one per message.
 */
public final class RecipientInbox extends KeyedProcessFunction<String, InboxEvent, Delivery> {

  public static final String UID = "recipient-inbox";

  public static final OutputTag<PushNotification> PUSHES =
      new OutputTag<>("push-notifications", TypeInformation.of(PushNotification.class));

  private final long ttlMillis;
  private final long pushCollapseMillis;
  private final long receiptTimeoutMillis;

  private transient ValueState<Presence> presence;
  private transient ValueState<Long> nextQueueSeq;
  private transient MapState<Long, PendingMessage> queue;

  /** By {@link #progressKey}: every message of this inbox until its TTL. */
  private transient MapState<String, MessageProgress> progress;

  /** Expiry time → progress keys of the messages that expire then. */
  private transient MapState<Long, List<String>> expiring;

  private transient ValueState<Long> lastPushAt;
  private transient ValueState<Long> receiptCheckAt;

  private transient Counter pendingMessages;
  private transient Counter deliveries;
  private transient Counter pushes;
  private transient Counter unknownReceipts;
  private transient Counter expiredMessages;
  private transient Counter duplicateMessages;

  public RecipientInbox(
      Duration messageTtl, Duration pushCollapseInterval, Duration receiptTimeout) {
    this.ttlMillis = messageTtl.toMillis();
    this.pushCollapseMillis = pushCollapseInterval.toMillis();
    this.receiptTimeoutMillis = receiptTimeout.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    var context = getRuntimeContext();
    presence = context.getState(new ValueStateDescriptor<>("presence", Presence.class));
    nextQueueSeq = context.getState(new ValueStateDescriptor<>("next-queue-seq", Types.LONG));
    queue =
        context.getMapState(
            new MapStateDescriptor<>(
                "queue", Types.LONG, TypeInformation.of(PendingMessage.class)));
    progress =
        context.getMapState(
            new MapStateDescriptor<>(
                "progress", Types.STRING, TypeInformation.of(MessageProgress.class)));
    expiring =
        context.getMapState(
            new MapStateDescriptor<>("expiring", Types.LONG, Types.LIST(Types.STRING)));
    lastPushAt = context.getState(new ValueStateDescriptor<>("last-push-at", Types.LONG));
    receiptCheckAt = context.getState(new ValueStateDescriptor<>("receipt-check-at", Types.LONG));

    var metrics = context.getMetricGroup();
    pendingMessages = metrics.counter("pendingMessages");
    deliveries = metrics.counter("deliveries");
    pushes = metrics.counter("pushes");
    unknownReceipts = metrics.counter("unknownReceipts");
    expiredMessages = metrics.counter("expiredMessages");
    duplicateMessages = metrics.counter("duplicateMessages");
  }

  @Override
  public void processElement(InboxEvent event, Context context, Collector<Delivery> out)
      throws Exception {
    if (event.message() != null) {
      onMessage(event.message(), context, out);
    } else if (event.presence() != null) {
      onPresence(event.presence(), context, out);
    } else if (event.receipt() != null) {
      onReceipt(event.receipt(), context);
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<Delivery> out) throws Exception {
    if (context.timeDomain() == TimeDomain.EVENT_TIME) {
      expire(time, context);
    } else {
      checkReceipts(time, context);
    }
  }

  private void onMessage(ChatMessage message, Context context, Collector<Delivery> out)
      throws Exception {
    String key = progressKey(message.from(), message.messageId());
    if (progress.contains(key)) {
      // A resend that outlived the sender-side dedupe window; this inbox remembers it until its
      // TTL.
      duplicateMessages.inc();
      return;
    }
    Long next = nextQueueSeq.value();
    long seq = next == null ? 0 : next;
    nextQueueSeq.update(seq + 1);
    progress.put(key, new MessageProgress(seq, MessageState.SENT));
    long expiresAt = message.ts() + ttlMillis;
    List<String> expiringThen = expiring.get(expiresAt);
    List<String> updated = expiringThen == null ? new ArrayList<>() : new ArrayList<>(expiringThen);
    updated.add(key);
    expiring.put(expiresAt, updated);
    context.timerService().registerEventTimeTimer(expiresAt);
    pendingMessages.inc();

    long now = context.timerService().currentProcessingTime();
    Presence current = presence.value();
    if (isOnline(current)) {
      queue.put(seq, PendingMessage.waiting(message).asDeliveredAt(now));
      deliver(message, current.gatewayId(), context, out);
      armReceiptCheck(now, context);
    } else {
      queue.put(seq, PendingMessage.waiting(message));
      pushIfNotCollapsed(message, now, context);
    }
  }

  private void onPresence(Presence update, Context context, Collector<Delivery> out)
      throws Exception {
    Presence current = presence.value();
    if (current != null && update.ts() < current.ts()) {
      return; // older than what we know: the latest presence (by event time) wins
    }
    presence.update(update);
    if (update.status() == PresenceStatus.ONLINE) {
      // The device is back: it has seen everything, so the next offline period may push again.
      lastPushAt.clear();
      redeliverQueue(update.gatewayId(), context, out);
    } else if (progress.isEmpty()) {
      forgetIdleRecipient();
    }
  }

  /** Delivers every pending message, oldest first, to the recipient's (new) gateway. */
  private void redeliverQueue(String gatewayId, Context context, Collector<Delivery> out)
      throws Exception {
    // Sorted here rather than trusting the backend's key order: RocksDB iterates in byte order,
    // the heap backend in hash order. Only keys are held in memory, not the ciphertexts.
    List<Long> seqs = new ArrayList<>();
    for (Long seq : queue.keys()) {
      seqs.add(seq);
    }
    if (seqs.isEmpty()) {
      return;
    }
    Collections.sort(seqs);
    long now = context.timerService().currentProcessingTime();
    for (long seq : seqs) {
      PendingMessage pending = queue.get(seq);
      deliver(pending.message(), gatewayId, context, out);
      queue.put(seq, pending.asDeliveredAt(now));
    }
    armReceiptCheck(now, context);
  }

  private void onReceipt(Receipt receipt, Context context) throws Exception {
    String key = progressKey(receipt.to(), receipt.messageId());
    MessageProgress known = progress.get(key);
    if (known == null) {
      unknownReceipts.inc();
      return;
    }
    MessageState reported = known.reported();
    if (known.isPending()) {
      queue.remove(known.queueSeq());
      pendingMessages.dec();
      report(receipt, MessageState.DELIVERED, context);
      reported = MessageState.DELIVERED;
    }
    if (receipt.status() == ReceiptStatus.READ && reported != MessageState.READ) {
      report(receipt, MessageState.READ, context);
      reported = MessageState.READ;
    }
    if (reported != known.reported()) {
      progress.put(key, new MessageProgress(known.queueSeq(), reported));
    }
  }

  private void expire(long time, Context context) throws Exception {
    List<String> keys = expiring.get(time);
    if (keys == null) {
      return;
    }
    expiring.remove(time);
    for (String key : keys) {
      MessageProgress known = progress.get(key);
      if (known == null) {
        continue;
      }
      progress.remove(key);
      if (known.isPending()) {
        ChatMessage message = queue.get(known.queueSeq()).message();
        queue.remove(known.queueSeq());
        pendingMessages.dec();
        expiredMessages.inc();
        context.output(
            Statuses.TAG,
            Statuses.forRecipient(
                message.messageId(),
                message.from(),
                context.getCurrentKey(),
                MessageState.EXPIRED,
                time));
      }
    }
    if (progress.isEmpty()) {
      forgetIdleRecipient();
    }
  }

  /** The receipt timeout: one fallback push if deliveries went unacknowledged while online. */
  private void checkReceipts(long now, Context context) throws Exception {
    receiptCheckAt.clear();
    if (!isOnline(presence.value())) {
      return; // nothing to do offline; the next ONLINE redelivers and re-arms the check
    }
    long overdueIfDeliveredBy = now - receiptTimeoutMillis;
    List<Long> overdue = new ArrayList<>();
    ChatMessage oldestOverdue = null;
    long oldestOverdueSeq = Long.MAX_VALUE;
    long nextCheck = Long.MAX_VALUE;
    for (Map.Entry<Long, PendingMessage> entry : queue.entries()) {
      PendingMessage pending = entry.getValue();
      if (pending.awaitsReceiptSince(overdueIfDeliveredBy)) {
        overdue.add(entry.getKey());
        if (entry.getKey() < oldestOverdueSeq) {
          oldestOverdueSeq = entry.getKey();
          oldestOverdue = pending.message();
        }
      } else if (pending.awaitsReceiptSince(Long.MAX_VALUE)) {
        nextCheck = Math.min(nextCheck, pending.deliveredAt() + receiptTimeoutMillis);
      }
    }
    if (oldestOverdue != null) {
      pushIfNotCollapsed(oldestOverdue, now, context);
      for (long seq : overdue) {
        queue.put(seq, queue.get(seq).withFallbackPushed());
      }
    }
    if (nextCheck != Long.MAX_VALUE) {
      context.timerService().registerProcessingTimeTimer(nextCheck);
      receiptCheckAt.update(nextCheck);
    }
  }

  private void armReceiptCheck(long now, Context context) throws Exception {
    if (receiptCheckAt.value() == null) {
      long at = now + receiptTimeoutMillis;
      context.timerService().registerProcessingTimeTimer(at);
      receiptCheckAt.update(at);
    }
  }

  private void deliver(
      ChatMessage message, String gatewayId, Context context, Collector<Delivery> out)
      throws Exception {
    deliveries.inc();
    out.collect(
        new Delivery(
            message.messageId(),
            message.from(),
            context.getCurrentKey(),
            message.groupId(),
            message.ciphertext(),
            gatewayId,
            message.ts()));
  }

  private void pushIfNotCollapsed(ChatMessage message, long now, Context context) throws Exception {
    Long last = lastPushAt.value();
    if (last != null && now - last < pushCollapseMillis) {
      return;
    }
    lastPushAt.update(now);
    pushes.inc();
    context.output(
        PUSHES,
        new PushNotification(
            context.getCurrentKey(),
            message.messageId(),
            message.from(),
            message.groupId(),
            message.ts()));
  }

  private void report(Receipt receipt, MessageState state, Context context) {
    context.output(
        Statuses.TAG,
        Statuses.forRecipient(
            receipt.messageId(), receipt.to(), receipt.from(), state, receipt.ts()));
  }

  /** Nothing is kept for an offline user without messages; an online user keeps its presence. */
  private void forgetIdleRecipient() throws Exception {
    nextQueueSeq.clear();
    lastPushAt.clear();
    if (!isOnline(presence.value())) {
      presence.clear();
    }
  }

  private static boolean isOnline(Presence presence) {
    return presence != null && presence.status() == PresenceStatus.ONLINE;
  }

  /** Message ids are unique per sender only; the length prefix keeps the pair unambiguous. */
  static String progressKey(String sender, String messageId) {
    return sender.length() + ":" + sender + messageId;
  }
}
