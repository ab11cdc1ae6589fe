package dev.eventplatform.messaging;

import static dev.eventplatform.messaging.OutputTopics.readAll;
import static dev.eventplatform.messaging.OutputTopics.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.MembershipAction;
import dev.eventplatform.model.chat.MessageState;
import dev.eventplatform.model.chat.MessageStatus;
import dev.eventplatform.model.chat.PushNotification;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real job, as {@code main} wires it, between a real Kafka broker and a MiniCluster with
 * RocksDB, over a world of users churning between online and offline and groups changing.
 *
 * <p>The run is bounded: it reads every input to its end, then the final watermark fires every
 * event-time timer. All messages are sent at 2026-01-01, so their 30-day TTL is only reached by
 * that final watermark, and since this test sends no receipts, every (message, recipient) pair is
 * then still unacknowledged: each gets exactly one EXPIRED status. That is asserted below, not
 * tolerated. (Receipts cannot be scripted in a bounded run: one read before the message it
 * acknowledges is, correctly, unknown. The harness tests cover them.)
 */
class MessageRoutingJobIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  private static final ChurnScenario WORLD = ChurnScenario.generate(7, 12, 400);
  private static final int MALFORMED = 3;

  private static List<Delivery> deliveries;
  private static List<OutputTopics.Output<Delivery>> deliveryRecords;
  private static List<PushNotification> pushes;
  private static List<MessageStatus> statuses;
  private static List<DeadLetter> deadLetters;

  @BeforeAll
  static void runJob() throws Exception {
    Map<String, String> topics =
        KAFKA.createTopics(
            "routing",
            Topics.CHAT_MESSAGES,
            Topics.PRESENCE,
            Topics.GROUP_MEMBERSHIP,
            Topics.RECEIPTS,
            Topics.DELIVERIES,
            Topics.PUSH_NOTIFICATIONS,
            Topics.MESSAGE_STATUS,
            Topics.DEAD_LETTERS);
    KAFKA.send(
        Topics.GROUP_MEMBERSHIP, topics.get(Topics.GROUP_MEMBERSHIP.id()), WORLD.memberships);
    KAFKA.send(Topics.PRESENCE, topics.get(Topics.PRESENCE.id()), WORLD.presence);
    KAFKA.send(Topics.CHAT_MESSAGES, topics.get(Topics.CHAT_MESSAGES.id()), WORLD.messages);
    KAFKA.sendRaw(topics.get(Topics.CHAT_MESSAGES.id()), malformedMessages(Chat.ciphertext()));

    MessageRoutingJob.main(jobArgs(topics));

    deliveryRecords = readAll(KAFKA, Topics.DELIVERIES, topics.get(Topics.DELIVERIES.id()));
    deliveries = values(deliveryRecords);
    pushes =
        values(
            readAll(KAFKA, Topics.PUSH_NOTIFICATIONS, topics.get(Topics.PUSH_NOTIFICATIONS.id())));
    statuses =
        values(readAll(KAFKA, Topics.MESSAGE_STATUS, topics.get(Topics.MESSAGE_STATUS.id())));
    deadLetters = values(readAll(KAFKA, Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id())));
  }

  @Test
  void worldExercisesGroupsRejectionsAndResends() {
    assertThat(WORLD.recipients.keySet()).anyMatch(message -> message.groupId() != null);
    assertThat(WORLD.rejected)
        .anyMatch(message -> message.to() == null); // a non-member's group message
    assertThat(WORLD.memberships).anyMatch(change -> change.action() == MembershipAction.LEAVE);
    assertThat(WORLD.messages.size())
        .isGreaterThan(WORLD.recipients.size() + WORLD.rejected.size());
  }

  @Test
  void everyAcceptedMessageReachesEveryIntendedRecipientAtLeastOnce() {
    Set<String> delivered = new HashSet<>();
    deliveries.forEach(
        delivery -> delivered.add(pair(delivery.to(), delivery.from(), delivery.messageId())));

    Set<String> expected = new HashSet<>();
    WORLD.recipients.forEach(
        (message, users) ->
            users.forEach(user -> expected.add(pair(user, message.from(), message.messageId()))));
    assertThat(expected).hasSize(WORLD.expectedPairs()).isNotEmpty();
    assertThat(delivered).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void deliversOnlyToIntendedRecipientsWithTheCiphertextAsSent() {
    Map<String, ChatMessage> sent = new HashMap<>();
    WORLD
        .recipients
        .keySet()
        .forEach(message -> sent.put(message.from() + "/" + message.messageId(), message));

    assertThat(deliveries)
        .allSatisfy(
            delivery -> {
              ChatMessage message = sent.get(delivery.from() + "/" + delivery.messageId());
              assertThat(message).as("an accepted message: %s", delivery).isNotNull();
              // A group message never reaches anyone who was not a member when it was sent.
              assertThat(WORLD.recipients.get(message)).contains(delivery.to());
              assertThat(delivery.groupId()).isEqualTo(message.groupId());
              assertThat(delivery.ciphertext()).isEqualTo(message.ciphertext());
              assertThat(delivery.ts()).isEqualTo(message.ts());
              assertThat(WORLD.gatewaysOf.get(delivery.to())).contains(delivery.gatewayId());
            });
  }

  @Test
  void keepsTheOrderOfEachConversationAcrossFlushesAndRedeliveries() {
    Map<String, List<Long>> sentOrder = new HashMap<>();
    WORLD.recipients.forEach(
        (message, users) ->
            users.forEach(
                user ->
                    sentOrder
                        .computeIfAbsent(
                            conversation(user, message.from(), message.groupId()),
                            c -> new ArrayList<>())
                        .add(message.ts())));

    // Per partition (each gateway's records share one), when a message first shows up there,
    // every earlier message of its conversation must have shown up there before it.
    Map<String, Set<Long>> seen = new HashMap<>();
    int checked = 0;
    for (OutputTopics.Output<Delivery> record : deliveryRecords) {
      Delivery delivery = record.value();
      String conversation = conversation(delivery.to(), delivery.from(), delivery.groupId());
      Set<Long> seenHere =
          seen.computeIfAbsent(record.partition() + "|" + conversation, k -> new HashSet<>());
      if (seenHere.add(delivery.ts())) {
        List<Long> order = sentOrder.get(conversation);
        List<Long> earlier = order.subList(0, order.indexOf(delivery.ts()));
        assertThat(seenHere).as("before %s", delivery).containsAll(earlier);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(WORLD.expectedPairs());
  }

  @Test
  void tellsSendersSentRejectedAndFinallyExpired() {
    List<MessageStatus> expected = new ArrayList<>();
    WORLD.recipients.forEach(
        (message, users) -> {
          expected.add(
              new MessageStatus(
                  message.messageId(),
                  message.from(),
                  message.from(),
                  MessageState.SENT,
                  message.ts()));
          users.forEach(
              user ->
                  expected.add(
                      new MessageStatus(
                          message.messageId(),
                          message.from(),
                          user,
                          MessageState.EXPIRED,
                          message.ts() + Chat.THIRTY_DAYS)));
        });
    WORLD.rejected.forEach(
        message ->
            expected.add(
                new MessageStatus(
                    message.messageId(),
                    message.from(),
                    message.from(),
                    MessageState.REJECTED,
                    message.ts())));

    // Exactly-once: each status once, resends included (they are neither SENT nor delivered again).
    assertThat(statuses).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(statuses).extracting(MessageStatus::status).contains(MessageState.REJECTED);
  }

  @Test
  void pushesOnlyIntendedRecipientsAboutTheirMessages() {
    Map<String, Set<String>> recipientsById = new HashMap<>();
    WORLD.recipients.forEach(
        (message, users) -> recipientsById.put(message.from() + "/" + message.messageId(), users));

    assertThat(pushes)
        .allSatisfy(
            push ->
                assertThat(recipientsById.get(push.from() + "/" + push.messageId()))
                    .contains(push.to()));
  }

  @Test
  void deadLettersMalformedMessagesWithAReason() {
    assertThat(deadLetters)
        .hasSize(MALFORMED)
        .allSatisfy(
            letter -> {
              assertThat(letter.job()).isEqualTo(MessageRoutingJob.NAME);
              assertThat(letter.error()).startsWith("not a valid ChatMessage");
            });
  }

  private static String pair(String recipient, String sender, String messageId) {
    return recipient + " <- " + sender + "/" + messageId;
  }

  private static String conversation(String recipient, String sender, String groupId) {
    return recipient + " <- " + (groupId != null ? "group " + groupId : "user " + sender);
  }

  /** Three broken envelopes around {@code ciphertext}: bad JSON, no sender, a wrong type. */
  static List<Map.Entry<String, byte[]>> malformedMessages(String ciphertext) {
    return List.of(
        Map.entry(
            "user-1",
            ("{\"messageId\":\"x1\",\"from\":\"user-1\",\"to\":\"user-2\",\"ciphertext\":"
                    + ciphertext
                    + ",\"ts\":1767225600000}")
                .getBytes(StandardCharsets.UTF_8)),
        Map.entry(
            "user-1",
            ("{\"messageId\":\"x2\",\"to\":\"user-2\",\"ciphertext\":\""
                    + ciphertext
                    + "\",\"ts\":1767225600000}")
                .getBytes(StandardCharsets.UTF_8)),
        Map.entry(
            "user-1",
            ("{\"messageId\":\"x3\",\"from\":\"user-1\",\"to\":\"user-2\",\"ciphertext\":\""
                    + ciphertext
                    + "\",\"ts\":\""
                    + ciphertext
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
  }

  private static String[] jobArgs(Map<String, String> topics) {
    List<String> args =
        new ArrayList<>(
            List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--bounded", "true"));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    return args.toArray(String[]::new);
  }
}
