package dev.eventplatform.messaging;

import static dev.eventplatform.messaging.Chat.T0;

import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.GroupMembership;
import dev.eventplatform.model.chat.MessageKind;
import dev.eventplatform.model.chat.Presence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seeded chat world for integration tests: users churning between online and offline across
 * gateways, groups with joins and leaves, 1:1 and group messages (some from non-members, some with
 * both a recipient and a group), and resends. It keeps the inputs in send order and works out, by
 * simulating membership in event time, what the job must do with each message.
 *
 * <p>Every event has its own instant (one per step), so there are no ties to argue about; and every
 * user ends ONLINE, so every accepted message must reach every intended recipient.
 */
final class ChurnScenario {

  static final long STEP = 500;

  final List<ChatMessage> messages = new ArrayList<>();
  final List<Presence> presence = new ArrayList<>();
  final List<GroupMembership> memberships = new ArrayList<>();

  /** Accepted messages, in send order, with the users each must reach. */
  final Map<ChatMessage, Set<String>> recipients = new LinkedHashMap<>();

  final List<ChatMessage> rejected = new ArrayList<>();
  final Map<String, Set<String>> gatewaysOf = new HashMap<>();

  private final Random random;
  private final List<String> users = new ArrayList<>();
  private final List<String> groups = List.of("g-red", "g-green", "g-blue");
  private final Map<String, Set<String>> members = new HashMap<>();
  private final Set<String> online = new HashSet<>();

  private ChurnScenario(long seed, int userCount) {
    random = new Random(seed);
    for (int i = 0; i < userCount; i++) {
      users.add("user-" + i);
    }
  }

  static ChurnScenario generate(long seed, int userCount, int steps) {
    ChurnScenario world = new ChurnScenario(seed, userCount);
    long step = 0;
    for (String group : world.groups) {
      world.members.put(group, new TreeSet<>());
      for (int i = 0; i < 4; i++) {
        world.changeMembership(group, world.randomUser(), T0 + step++ * STEP, true);
      }
    }
    for (String user : world.users) {
      world.changePresence(user, T0 + step++ * STEP, world.random.nextBoolean());
    }
    List<ChatMessage> resends = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      long ts = T0 + step++ * STEP;
      double dice = world.random.nextDouble();
      if (dice < 0.2) {
        String user = world.randomUser();
        world.changePresence(user, ts, !world.online.contains(user));
      } else if (dice < 0.26) {
        world.changeMembership(world.randomGroup(), world.randomUser(), ts, null);
      } else if (dice < 0.28) {
        ChatMessage both =
            new ChatMessage(
                "bad-" + i,
                world.randomUser(),
                world.randomUser(),
                world.randomGroup(),
                Chat.ciphertext(),
                ts,
                MessageKind.TEXT);
        world.messages.add(both);
        world.rejected.add(both);
      } else {
        ChatMessage message = world.message("m-" + i, ts);
        if (world.random.nextDouble() < 0.05) {
          resends.add(message);
        }
      }
    }
    // Resends come late, out of event-time order: the sender's client retried after a while.
    world.messages.addAll(resends);
    for (String user : world.users) {
      world.changePresence(user, T0 + step++ * STEP, true);
    }
    return world;
  }

  int expectedPairs() {
    return recipients.values().stream().mapToInt(Set::size).sum();
  }

  private ChatMessage message(String messageId, long ts) {
    String from = randomUser();
    ChatMessage message;
    if (random.nextDouble() < 0.7) {
      String to = randomUser();
      while (to.equals(from)) {
        to = randomUser();
      }
      message = new ChatMessage(messageId, from, to, null, Chat.ciphertext(), ts, MessageKind.TEXT);
      recipients.put(message, Set.of(to));
    } else {
      String group = randomGroup();
      message =
          new ChatMessage(messageId, from, null, group, Chat.ciphertext(), ts, MessageKind.MEDIA);
      if (members.get(group).contains(from)) {
        Set<String> others = new TreeSet<>(members.get(group));
        others.remove(from);
        recipients.put(message, others);
      } else {
        rejected.add(message);
      }
    }
    messages.add(message);
    return message;
  }

  /** {@code join} null toggles the user's membership. */
  private void changeMembership(String group, String user, long ts, Boolean join) {
    boolean joins = join != null ? join : !members.get(group).contains(user);
    if (joins) {
      members.get(group).add(user);
      memberships.add(Chat.join(group, user, ts));
    } else {
      members.get(group).remove(user);
      memberships.add(Chat.leave(group, user, ts));
    }
  }

  private void changePresence(String user, long ts, boolean goesOnline) {
    if (goesOnline) {
      String gateway = "gw-" + random.nextInt(3);
      online.add(user);
      gatewaysOf.computeIfAbsent(user, u -> new HashSet<>()).add(gateway);
      presence.add(Chat.online(user, gateway, ts));
    } else {
      online.remove(user);
      presence.add(Chat.offline(user, ts));
    }
  }

  private String randomUser() {
    return users.get(random.nextInt(users.size()));
  }

  private String randomGroup() {
    return groups.get(random.nextInt(groups.size()));
  }
}
