package dev.eventplatform.simulator;

import java.util.List;
import java.util.PriorityQueue;

/**
 * What happens next in a world, in due-time order (ties in the order they were scheduled, which
 * keeps runs deterministic). A tick runs actions until the event budget is spent: first those that
 * are due, then, when fewer were due, the next ones early. So the configured rate holds exactly,
 * while the world's own schedule (a ping every few seconds, a heartbeat every ten) decides who
 * acts. Actions always run "now": an event's time is the tick's time, never in the future.
 */
final class Agenda {

  /** Something an actor does; it may emit events and schedule its next action. */
  @FunctionalInterface
  interface Action {
    void run(long now, List<SimulatedEvent<?>> out);
  }

  private record Entry(long due, long order, Action action) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
  private long scheduled;

  void at(long due, Action action) {
    queue.add(new Entry(due, scheduled++, action));
  }

  int size() {
    return queue.size();
  }

  /** Runs actions at {@code now} until {@code out} holds {@code budget} events or nothing is left. */
  void run(long now, int budget, List<SimulatedEvent<?>> out) {
    // Actions that emit nothing (a driver who went off shift) still cost a step: bound the steps.
    int steps = 0;
    int maxSteps = 4 * budget + 64;
    while (out.size() < budget && !queue.isEmpty() && steps++ < maxSteps) {
      queue.poll().action().run(now, out);
    }
  }
}
