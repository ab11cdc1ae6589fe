package dev.eventplatform.simulator;

import java.util.List;

/**
 * One simulated domain (the city, the streaming service, the messenger). All of its randomness
 * comes from one seeded {@link java.util.Random}, so the same seed and the same tick times give the
 * same events.
 */
public interface SimulatedWorld {

  /**
   * Lets the world live until {@code now} (simulated epoch millis) and returns about {@code budget}
   * events stamped {@code now}: what is due, or, when less is due, what comes next a little early.
   * An action that emits several events together may overshoot the budget by a few.
   */
  List<SimulatedEvent<?>> tick(long now, int budget);
}
