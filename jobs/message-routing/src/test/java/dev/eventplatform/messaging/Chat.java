package dev.eventplatform.messaging;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.GroupMembership;
import dev.eventplatform.model.chat.MembershipAction;
import dev.eventplatform.model.chat.MessageKind;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.PresenceStatus;
import dev.eventplatform.model.chat.Receipt;
import dev.eventplatform.model.chat.ReceiptStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/** Named instants, settings and event factories shared by the message-routing tests. */
final class Chat {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long ONE_SECOND = 1_000;
  static final long ONE_MINUTE = 60_000;
  static final long THIRTY_DAYS = Duration.ofDays(30).toMillis();

  static final Duration TTL = Duration.ofDays(30);
  static final Duration DEDUPE_WINDOW = Duration.ofDays(1);
  static final Duration PUSH_COLLAPSE = Duration.ofMinutes(1);
  static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(30);

  private static final Random RANDOM = new Random(42);

  private Chat() {}

  /** Opaque bytes, base64: what an end-to-end-encrypted envelope looks like to the platform. */
  static String ciphertext() {
    byte[] bytes = new byte[48];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  static ChatMessage direct(String messageId, String from, String to, long ts) {
    return new ChatMessage(messageId, from, to, null, ciphertext(), ts, MessageKind.TEXT);
  }

  static ChatMessage toGroup(String messageId, String from, String groupId, long ts) {
    return new ChatMessage(messageId, from, null, groupId, ciphertext(), ts, MessageKind.TEXT);
  }

  static Presence online(String userId, String gatewayId, long ts) {
    return new Presence(userId, PresenceStatus.ONLINE, gatewayId, ts);
  }

  static Presence offline(String userId, long ts) {
    return new Presence(userId, PresenceStatus.OFFLINE, null, ts);
  }

  static GroupMembership join(String groupId, String userId, long ts) {
    return new GroupMembership(groupId, userId, MembershipAction.JOIN, ts);
  }

  static GroupMembership leave(String groupId, String userId, long ts) {
    return new GroupMembership(groupId, userId, MembershipAction.LEAVE, ts);
  }

  /** A receipt sent by {@code recipient}'s device for a message of {@code sender}. */
  static Receipt receipt(ChatMessage message, String recipient, ReceiptStatus status, long ts) {
    return new Receipt(message.messageId(), recipient, message.from(), status, ts);
  }

  static <T> List<T> values(Queue<StreamRecord<T>> records) {
    List<T> values = new ArrayList<>();
    if (records != null) {
      records.forEach(record -> values.add(record.getValue()));
    }
    return values;
  }
}
