package dev.eventplatform.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.MessageKind;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.PresenceStatus;
import dev.eventplatform.serde.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Random;

/**
 * Chat inputs for the paced runs: {@code users} ONLINE on four gateways, and 1:1 messages between
 * them, generated while they are sent, with 160-byte random envelopes (the size of a short sealed
 * text). Not thread-safe: one sender uses it.
 */
final class ChatInput {

  private final ObjectMapper mapper = EventJson.newMapper();
  private final Random random;
  private final int users;
  private final String[] envelopes = new String[1024];

  ChatInput(int users, long seed) {
    this.users = users;
    this.random = new Random(seed);
    for (int i = 0; i < envelopes.length; i++) {
      byte[] sealed = new byte[160];
      random.nextBytes(sealed);
      envelopes[i] = Base64.getEncoder().encodeToString(sealed);
    }
  }

  /** Every user ONLINE since {@code at}, on gateways gw-1 … gw-4. */
  Workload onlineUsers(long at) {
    Workload world = new Workload();
    for (int i = 0; i < users; i++) {
      String id = "user-" + i;
      world.add(
          new InputRecord(
              Topics.PRESENCE.id(),
              id,
              bytes(new Presence(id, PresenceStatus.ONLINE, "gw-" + (1 + i % 4), at))));
    }
    return world;
  }

  /** Message {@code m-<sequence>} from a random user to another, stamped with the wall clock. */
  ChatMessage message(long sequence) {
    int from = random.nextInt(users);
    int to = (from + 1 + random.nextInt(users - 1)) % users;
    return new ChatMessage(
        "m-" + sequence,
        "user-" + from,
        "user-" + to,
        null,
        envelopes[(int) (sequence % envelopes.length)],
        System.currentTimeMillis(),
        MessageKind.TEXT);
  }

  /** A message as the record a client writes to {@code chat-messages}, keyed by its sender. */
  InputRecord record(ChatMessage message) {
    return new InputRecord(Topics.CHAT_MESSAGES.id(), message.from(), bytes(message));
  }

  private byte[] bytes(Object event) {
    try {
      return mapper.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
