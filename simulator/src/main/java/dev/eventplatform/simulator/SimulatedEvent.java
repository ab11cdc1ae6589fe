package dev.eventplatform.simulator;

import dev.eventplatform.kafka.Topic;

/** One valid contract event a world produced, with the topic it goes to. */
public record SimulatedEvent<T>(Topic<T> topic, T event) {

  public String key() {
    return topic.keyOf(event);
  }
}
