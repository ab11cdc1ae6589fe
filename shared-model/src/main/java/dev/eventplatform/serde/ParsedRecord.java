package dev.eventplatform.serde;

import dev.eventplatform.model.DeadLetter;

/**
 * What reading one Kafka record gives: the event, or the dead letter that says why there is none. A
 * Kafka source cannot route records to a side output, so it emits this and the next operator splits
 * the two (see {@link DeadLetterSplitter}).
 */
public record ParsedRecord<T>(T event, DeadLetter deadLetter) {

  public static <T> ParsedRecord<T> ofEvent(T event) {
    return new ParsedRecord<>(event, null);
  }

  public static <T> ParsedRecord<T> ofDeadLetter(DeadLetter deadLetter) {
    return new ParsedRecord<>(null, deadLetter);
  }

  public boolean isEvent() {
    return event != null;
  }
}
