package dev.eventplatform.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input of one benchmark, generated before it runs so that producing is not what is measured:
 * records in the order they are loaded (which is event-time order).
 */
final class Workload {

  private final List<InputRecord> records = new ArrayList<>();
  private final Map<String, Long> perTopic = new LinkedHashMap<>();

  void add(InputRecord record) {
    records.add(record);
    perTopic.merge(record.topicId(), 1L, Long::sum);
  }

  List<InputRecord> records() {
    return records;
  }

  int size() {
    return records.size();
  }

  long count(String topicId) {
    return perTopic.getOrDefault(topicId, 0L);
  }

  /** Records per topic, e.g. {@code driver-locations=85000 ride-requests=10000}. */
  String describe() {
    StringBuilder text = new StringBuilder();
    perTopic.forEach(
        (topic, count) ->
            text.append(text.length() == 0 ? "" : ", ").append(topic).append('=').append(count));
    return text.toString();
  }
}
