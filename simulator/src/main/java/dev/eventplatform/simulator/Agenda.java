package dev.eventplatform.simulator;

import java.util.List;
import java.util.PriorityQueue;

/**
 * How a world spends a tick's event budget. Things that happen at their own time (a shift ends, a
 * rider asks for a ride, a user goes offline) are actions in due-time order, ties in the order they
 * were scheduled, which keeps runs deterministic. What is left of the budget goes to the world's
 * steady background traffic, its {@link Filler}: drivers' pings, players' heartbeats, users'
 * messages. So the configured rate holds exactly, the timed actions keep their natural rhythm (the
 * demand curve stays a curve), and only the background's interval flexes; each world sizes its
 * population so that interval is the natural one (a ping every 4 s).
 */
final class Agenda {

  /** Something that happens at its time; it may emit events and schedule what follows. */
  @FunctionalInterface
  interface Action {
    void run(long now, List<SimulatedEvent<?>> out);
  }

  /** The background traffic: emits the next event(s), or returns false when there is none. */
  @FunctionalInterface
  interface Filler {
    boolean emit(long now, List<SimulatedEvent<?>> out);
  }

  private record Entry(long due, long order, Action action) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
  private long scheduled;

  void at(long due, Action action) {
    queue.add(new Entry(due, scheduled++, action));
  }

  /**
   * Runs what is due at {@code now}, then the filler, until {@code out} holds {@code budget}
   * events. Actions due beyond the budget wait for the next tick; the events carry the tick's time.
   */
  void run(long now, int budget, Filler filler, List<SimulatedEvent<?>> out) {
    while (out.size() < budget && !queue.isEmpty() && queue.peek().due() <= now) {
      queue.poll().action().run(now, out);
    }
    // A filler may skip an actor that has gone (a driver off shift): bound the attempts.
    int attempts = 0;
    while (out.size() < budget && attempts++ < 4 * budget + 16) {
      if (!filler.emit(now, out)) {
        return;
      }
    }
  }
}
