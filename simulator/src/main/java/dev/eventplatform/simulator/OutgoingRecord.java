package dev.eventplatform.simulator;

import dev.eventplatform.kafka.Topic;

/**
 * A record ready for Kafka: the contract topic, its key and its JSON value.
 *
 * @param event the event the value holds; {@code null} for a deliberately malformed record
 */
public record OutgoingRecord(Topic<?> topic, String key, byte[] value, Object event) {

  public boolean malformed() {
    return event == null;
  }
}
