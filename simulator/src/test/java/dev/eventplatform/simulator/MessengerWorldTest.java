package dev.eventplatform.simulator;

import static dev.eventplatform.simulator.SimulationTest.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.GroupMembership;
import dev.eventplatform.model.chat.MembershipAction;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.Receipt;
import dev.eventplatform.model.chat.ReceiptStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The messenger with a stand-in for the routing job in between: every message is delivered to its
 * recipient, or to the group's members at the time, and the receiving clients open what arrives.
 */
class MessengerWorldTest {

  private static final double RATE = 10;

  @Test
  void recipientsOpenAndVerifyEverythingDeliveredAndAcknowledgeIt() {
    MessengerWorld messenger = new MessengerWorld(21, RATE, START, "t");
    Loopback loopback = new Loopback();

    List<SimulatedEvent<?>> events = loopback.run(messenger, START, 300, true);

    List<ChatMessage> messages = eventsOf(events, ChatMessage.class);
    List<Receipt> receipts = eventsOf(events, Receipt.class);
    assertThat(events)
        .allSatisfy(event -> assertThat(((ContractEvent) event.event()).violation()).isNull());
    assertThat(messages).hasSizeGreaterThan(300);
    assertThat(messages).anySatisfy(message -> assertThat(message.groupId()).isNotNull());
    assertThat(eventsOf(events, GroupMembership.class))
        .extracting(GroupMembership::action)
        .contains(MembershipAction.LEAVE);
    assertThat(messenger.decryptFailures()).isZero();
    assertThat(messenger.missingGroupKeys()).isZero();
    assertThat(messenger.unknownRecipients()).isZero();
    assertThat(messenger.deliveriesOpened()).isEqualTo(loopback.delivered.size());
    // Every delivery came twice; the second is recognised.
    assertThat(messenger.duplicateDeliveries()).isEqualTo(loopback.delivered.size());
    long delivered = loopback.delivered.size();
    long acknowledged =
        receipts.stream().filter(receipt -> receipt.status() == ReceiptStatus.DELIVERED).count();
    long read = receipts.stream().filter(receipt -> receipt.status() == ReceiptStatus.READ).count();
    assertThat(acknowledged).isEqualTo(delivered);
    // Read a little later: those delivered in the last moments of the run are not read yet.
    assertThat(read).isBetween(delivered * 8 / 10, delivered);
    Delivery first = loopback.delivered.get(0);
    assertThat(receipts)
        .filteredOn(
            receipt ->
                receipt.messageId().equals(first.messageId()) && receipt.from().equals(first.to()))
        .extracting(Receipt::to, Receipt::status)
        .containsExactly(
            tuple(first.from(), ReceiptStatus.DELIVERED), tuple(first.from(), ReceiptStatus.READ));
  }

  @Test
  void countsAnEnvelopeThatDoesNotOpen() {
    MessengerWorld messenger = new MessengerWorld(22, RATE, START, "t");
    Loopback loopback = new Loopback();
    loopback.run(messenger, START, 60, false);
    Delivery real = loopback.delivered.get(0);

    // Someone on the way replays a real envelope as a new message.
    messenger.onDelivery(
        new Delivery(
            "replayed-1",
            real.from(),
            real.to(),
            real.groupId(),
            real.ciphertext(),
            real.gatewayId(),
            real.ts()),
        START + 61_000);

    assertThat(messenger.decryptFailures()).isEqualTo(1);
  }

  @Test
  void usersComeOnlineOnAGatewayAndGoOffline() {
    MessengerWorld messenger = new MessengerWorld(23, RATE, START, "t");
    List<SimulatedEvent<?>> events = new Loopback().run(messenger, START, 900, false);
    List<Presence> presence = eventsOf(events, Presence.class);

    assertThat(presence)
        .extracting(p -> p.gatewayId() == null ? "offline" : p.gatewayId())
        .contains("gw-1", "gw-2", "gw-3", "gw-4", "offline");
  }

  private static <T> List<T> eventsOf(List<SimulatedEvent<?>> events, Class<T> type) {
    return events.stream()
        .map(SimulatedEvent::event)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /**
   * Routes each message to its recipient or the group's members as of the membership seen so far.
   */
  private static final class Loopback {
    final Map<String, Set<String>> members = new HashMap<>();
    final List<Delivery> delivered = new ArrayList<>();

    List<SimulatedEvent<?>> run(
        MessengerWorld messenger, long from, int seconds, boolean deliverTwice) {
      Pacer pacer = new Pacer(RATE, from);
      List<SimulatedEvent<?>> events = new ArrayList<>();
      for (long t = from; t <= from + seconds * 1_000L; t += 100) {
        List<Delivery> due = new ArrayList<>();
        for (SimulatedEvent<?> event : messenger.tick(t, pacer.eventsUntil(t))) {
          events.add(event);
          if (event.event() instanceof GroupMembership change) {
            Set<String> group =
                members.computeIfAbsent(change.groupId(), id -> new LinkedHashSet<>());
            if (change.action() == MembershipAction.JOIN) {
              group.add(change.userId());
            } else {
              group.remove(change.userId());
            }
          } else if (event.event() instanceof ChatMessage message) {
            due.addAll(route(message, t));
          }
        }
        for (Delivery delivery : due) {
          delivered.add(delivery);
          messenger.onDelivery(delivery, t);
          if (deliverTwice) {
            messenger.onDelivery(delivery, t);
          }
        }
      }
      // Receipts for the last tick's deliveries are due now; let them out.
      long end = from + seconds * 1_000L + 100;
      events.addAll(messenger.tick(end, pacer.eventsUntil(end)));
      return events;
    }

    private List<Delivery> route(ChatMessage message, long now) {
      if (message.groupId() == null) {
        return List.of(delivery(message, message.to(), now));
      }
      List<Delivery> fanOut = new ArrayList<>();
      for (String member : members.getOrDefault(message.groupId(), Set.of())) {
        if (!member.equals(message.from())) {
          fanOut.add(delivery(message, member, now));
        }
      }
      return fanOut;
    }

    private static Delivery delivery(ChatMessage message, String to, long now) {
      return new Delivery(
          message.messageId(),
          message.from(),
          to,
          message.groupId(),
          message.ciphertext(),
          "gw-1",
          now);
    }
  }
}
