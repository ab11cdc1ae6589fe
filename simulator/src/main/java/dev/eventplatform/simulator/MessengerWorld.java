package dev.eventplatform.simulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.eventplatform.chatclient.ChatClient;
import dev.eventplatform.chatclient.ChatIdentity;
import dev.eventplatform.chatclient.EnvelopeRejectedException;
import dev.eventplatform.chatclient.EnvelopeRejectedException.Reason;
import dev.eventplatform.chatclient.GroupKey;
import dev.eventplatform.chatclient.KeyDirectory;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.GroupMembership;
import dev.eventplatform.model.chat.MembershipAction;
import dev.eventplatform.model.chat.MessageKind;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.PresenceStatus;
import dev.eventplatform.model.chat.Receipt;
import dev.eventplatform.model.chat.ReceiptStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A messenger whose clients really encrypt end to end, for the messaging topics.
 *
 * <ul>
 *   <li>Users connect to one of four gateways and disconnect ({@code presence}); while online they
 *       write to their contacts and their groups: messages take what the rate leaves after
 *       presence, membership and receipts. Every message is sealed with {@link ChatClient}: HPKE to
 *       the recipient, or the group's key, and signed by the sender.
 *   <li>Groups gain and lose members ({@code group-membership}). The group's creator hands its key
 *       to a new member, and makes a new key for the rest when someone leaves. Keys travel sealed
 *       with HPKE, directly from client to client (as through a key server), not over Kafka.
 *   <li>{@link #onDelivery} is the receiving client: it de-duplicates (deliveries are
 *       at-least-once), opens and verifies the envelope, counts any failure, and sends a DELIVERED
 *       receipt at once and a READ receipt a little later.
 * </ul>
 *
 * <p>Everything but the ciphertext is deterministic: keys and encryption draw on the system's
 * secure randomness, on purpose.
 */
public final class MessengerWorld implements SimulatedWorld {

  private static final int GATEWAYS = 4;
  private static final int REMEMBERED_DELIVERIES = 200_000;
  private static final String[] PHRASES = {
    "on my way", "see you at eight?", "did you see the match", "running late, sorry",
        "lunch tomorrow?",
    "sent you the file", "happy birthday!", "call me when you can", "the train is delayed",
        "sounds good"
  };

  private final Random random;
  private final Agenda agenda = new Agenda();
  private final KeyDirectory directory = new KeyDirectory();
  private final Map<String, User> users = new LinkedHashMap<>();
  private final List<Group> groups = new ArrayList<>();
  private final List<User> online = new ArrayList<>();
  private final String runTag;
  private final Set<String> seenDeliveries = boundedSet(REMEMBERED_DELIVERIES);
  private final Map<Reason, Long> rejected = new EnumMap<>(Reason.class);
  private long deliveriesOpened;
  private long duplicateDeliveries;
  private long unknownRecipients;

  public MessengerWorld(long seed, double eventsPerSecond, long start, String runTag) {
    this.random = new Random(seed);
    this.runTag = runTag;
    int userCount = Math.max(12, Math.min(3_000, (int) Math.round(eventsPerSecond * 4)));
    for (int i = 1; i <= userCount; i++) {
      String id = String.format("user-%04d", i);
      users.put(id, new User(id, new ChatClient(ChatIdentity.generate(id), directory)));
    }
    List<User> everyone = new ArrayList<>(users.values());
    for (User user : everyone) {
      while (user.contacts.size() < Math.min(userCount - 1, 5 + random.nextInt(8))) {
        User other = everyone.get(random.nextInt(userCount));
        if (other != user) {
          user.contacts.add(other.id);
          other.contacts.add(user.id);
        }
      }
      if (random.nextDouble() < 0.7) {
        agenda.at(start, (now, out) -> goOnline(user, now, out));
      } else {
        agenda.at(
            start + (long) (random.nextDouble() * 5 * 60_000),
            (now, out) -> goOnline(user, now, out));
      }
    }
    int groupCount = Math.max(2, userCount / 8);
    for (int i = 1; i <= groupCount; i++) {
      Group group =
          new Group(String.format("group-%03d", i), everyone.get(random.nextInt(userCount)));
      groups.add(group);
      int size = 3 + random.nextInt(8);
      agenda.at(start, (now, out) -> join(group, group.creator, now, out));
      for (int m = 1; m < size; m++) {
        User member = everyone.get(random.nextInt(userCount));
        agenda.at(start, (now, out) -> join(group, member, now, out));
      }
      agenda.at(start + minutes(1, 5), (now, out) -> changeMembership(group, now, out));
    }
  }

  @Override
  public List<SimulatedEvent<?>> tick(long now, int budget) {
    List<SimulatedEvent<?>> out = new ArrayList<>(budget);
    agenda.run(now, budget, this::send, out);
    return out;
  }

  /**
   * A delivery from {@code deliveries}, as the recipient's device receives it: opened and verified,
   * then acknowledged. A group message under a key the recipient never held (it raced a join or a
   * leave through the platform) is counted apart: that is membership timing, not broken crypto.
   */
  public void onDelivery(Delivery delivery, long now) {
    User recipient = users.get(delivery.to());
    if (recipient == null) {
      unknownRecipients++;
      return;
    }
    if (!seenDeliveries.add(delivery.to() + "|" + delivery.messageId())) {
      duplicateDeliveries++;
      return;
    }
    try {
      recipient.client.open(
          delivery.messageId(), delivery.from(), delivery.groupId(), delivery.ciphertext());
    } catch (EnvelopeRejectedException e) {
      rejected.merge(e.reason(), 1L, Long::sum);
      return;
    }
    deliveriesOpened++;
    if (delivery.from().equals(delivery.to())) {
      return;
    }
    agenda.at(now, (at, out) -> out.add(receipt(delivery, ReceiptStatus.DELIVERED, at)));
    long readAfter = 2_000 + (long) (-Math.log(1 - random.nextDouble()) * 20_000);
    agenda.at(now + readAfter, (at, out) -> out.add(receipt(delivery, ReceiptStatus.READ, at)));
  }

  public long deliveriesOpened() {
    return deliveriesOpened;
  }

  public long duplicateDeliveries() {
    return duplicateDeliveries;
  }

  public long unknownRecipients() {
    return unknownRecipients;
  }

  /** Envelopes that failed to open or verify, not counting missing group keys: expected zero. */
  public long decryptFailures() {
    return rejected.entrySet().stream()
        .filter(entry -> entry.getKey() != Reason.MISSING_GROUP_KEY)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Group messages delivered to someone who did not hold that group key (membership races). */
  public long missingGroupKeys() {
    return rejected.getOrDefault(Reason.MISSING_GROUP_KEY, 0L);
  }

  private static SimulatedEvent<Receipt> receipt(
      Delivery delivery, ReceiptStatus status, long now) {
    return new SimulatedEvent<>(
        Topics.RECEIPTS,
        new Receipt(delivery.messageId(), delivery.to(), delivery.from(), status, now));
  }

  private void goOnline(User user, long now, List<SimulatedEvent<?>> out) {
    online.add(user);
    String gateway = "gw-" + (1 + random.nextInt(GATEWAYS));
    out.add(
        new SimulatedEvent<>(
            Topics.PRESENCE, new Presence(user.id, PresenceStatus.ONLINE, gateway, now)));
    agenda.at(now + minutes(2, 20), (at, o) -> goOffline(user, at, o));
  }

  private void goOffline(User user, long now, List<SimulatedEvent<?>> out) {
    online.remove(user);
    out.add(
        new SimulatedEvent<>(
            Topics.PRESENCE, new Presence(user.id, PresenceStatus.OFFLINE, null, now)));
    agenda.at(now + minutes(1, 10), (at, o) -> goOnline(user, at, o));
  }

  /** One message from a user who is online, to a contact or to one of their groups. */
  private boolean send(long now, List<SimulatedEvent<?>> out) {
    if (online.isEmpty()) {
      return false;
    }
    User user = online.get(random.nextInt(online.size()));
    String messageId = "msg-" + runTag + "-" + user.id + "-" + (++user.sent);
    boolean media = random.nextDouble() < 0.1;
    byte[] plaintext =
        (media
                ? "[photo IMG_" + random.nextInt(10_000) + ".jpg]"
                : PHRASES[random.nextInt(PHRASES.length)])
            .getBytes(UTF_8);
    List<Group> myGroups =
        groups.stream()
            .filter(group -> group.members.contains(user.id) && user.client.holdsKeyFor(group.id))
            .toList();
    ChatMessage message;
    if (!myGroups.isEmpty() && random.nextDouble() < 0.35) {
      Group group = myGroups.get(random.nextInt(myGroups.size()));
      String envelope = user.client.sealGroup(messageId, group.id, plaintext);
      message =
          new ChatMessage(
              messageId,
              user.id,
              null,
              group.id,
              envelope,
              now,
              media ? MessageKind.MEDIA : MessageKind.TEXT);
    } else {
      List<String> contacts = new ArrayList<>(user.contacts);
      String to = contacts.get(random.nextInt(contacts.size()));
      String envelope = user.client.sealDirect(messageId, to, plaintext);
      message =
          new ChatMessage(
              messageId,
              user.id,
              to,
              null,
              envelope,
              now,
              media ? MessageKind.MEDIA : MessageKind.TEXT);
    }
    out.add(new SimulatedEvent<>(Topics.CHAT_MESSAGES, message));
    return true;
  }

  private void join(Group group, User user, long now, List<SimulatedEvent<?>> out) {
    if (!group.members.add(user.id)) {
      return;
    }
    if (user == group.creator) {
      group.key = user.client.createGroupKey(group.id);
    } else {
      handKey(group, user);
    }
    out.add(
        new SimulatedEvent<>(
            Topics.GROUP_MEMBERSHIP,
            new GroupMembership(group.id, user.id, MembershipAction.JOIN, now)));
  }

  /** Now and then someone joins a group, or a member other than its creator leaves. */
  private void changeMembership(Group group, long now, List<SimulatedEvent<?>> out) {
    List<String> leavers =
        group.members.stream().filter(id -> !id.equals(group.creator.id)).toList();
    if (random.nextBoolean() || leavers.size() < 2) {
      List<User> everyone = new ArrayList<>(users.values());
      join(group, everyone.get(random.nextInt(everyone.size())), now, out);
    } else {
      User leaver = users.get(leavers.get(random.nextInt(leavers.size())));
      group.members.remove(leaver.id);
      // A new key, so the one who left cannot read what follows.
      group.key = group.creator.client.createGroupKey(group.id);
      for (String member : group.members) {
        if (!member.equals(group.creator.id)) {
          handKey(group, users.get(member));
        }
      }
      out.add(
          new SimulatedEvent<>(
              Topics.GROUP_MEMBERSHIP,
              new GroupMembership(group.id, leaver.id, MembershipAction.LEAVE, now)));
    }
    agenda.at(now + minutes(1, 5), (at, o) -> changeMembership(group, at, o));
  }

  /** The creator seals the group's current key for one member, who opens and keeps it. */
  private void handKey(Group group, User member) {
    String sealed = group.creator.client.sealGroupKey(group.key, member.id);
    try {
      member.client.acceptGroupKey(group.creator.id, group.id, sealed);
    } catch (EnvelopeRejectedException e) {
      rejected.merge(e.reason(), 1L, Long::sum);
    }
  }

  private long minutes(int min, int max) {
    return (long) ((min + random.nextDouble() * (max - min)) * 60_000);
  }

  private static Set<String> boundedSet(int capacity) {
    return Collections.newSetFromMap(
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        });
  }

  /** A messenger user and their device. */
  private static final class User {
    final String id;
    final ChatClient client;
    final Set<String> contacts = new LinkedHashSet<>();
    long sent;

    User(String id, ChatClient client) {
      this.id = id;
      this.client = client;
    }
  }

  /** A group chat: its members and its current key, held by its creator. */
  private static final class Group {
    final String id;
    final User creator;
    final Set<String> members = new LinkedHashSet<>();
    GroupKey key;

    Group(String id, User creator) {
      this.id = id;
      this.creator = creator;
    }
  }
}
