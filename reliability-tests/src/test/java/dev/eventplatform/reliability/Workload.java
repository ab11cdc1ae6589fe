package dev.eventplatform.reliability;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.model.ContractEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The good input of one test run: valid events per input topic, in the order they are sent. Each is
 * checked against its own {@code violation()} as it is added, so a workload that would put a "good"
 * record on dead-letters fails at once instead of skewing a comparison.
 */
final class Workload {

  private final Map<Topic<?>, List<ContractEvent>> events = new LinkedHashMap<>();

  <T extends ContractEvent> Workload add(Topic<T> topic, T event) {
    if (event.violation() != null) {
      throw new IllegalArgumentException(
          "not a good " + topic.id() + " record: " + event.violation());
    }
    events.computeIfAbsent(topic, t -> new ArrayList<>()).add(event);
    return this;
  }

  Map<Topic<?>, List<ContractEvent>> byTopic() {
    return events;
  }

  List<ContractEvent> of(Topic<?> topic) {
    return events.getOrDefault(topic, List.of());
  }

  int size() {
    return events.values().stream().mapToInt(List::size).sum();
  }
}
