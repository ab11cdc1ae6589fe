package dev.eventplatform.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One output topic of a run compared with the same topic of a reference run, as multisets of
 * records: what the reference has and the run lacks is lost; extra copies of records the reference
 * has are duplicates; records the reference never had are unexpected.
 */
record Comparison(
    String topic,
    int expected,
    int actual,
    int lost,
    int duplicated,
    int unexpected,
    List<Object> someLost,
    List<Object> someUnexpected) {

  /** How many lost and unexpected records the figures show, to tell what differs. */
  private static final int SAMPLES = 3;

  static Comparison of(String topic, List<Object> reference, List<Object> run) {
    Map<Object, Integer> remaining = counts(reference);
    int duplicated = 0;
    int unexpected = 0;
    List<Object> someUnexpected = new ArrayList<>();
    for (Object record : run) {
      Integer left = remaining.get(record);
      if (left == null) {
        unexpected++;
        if (someUnexpected.size() < SAMPLES) {
          someUnexpected.add(record);
        }
      } else if (left == 0) {
        duplicated++;
      } else {
        remaining.put(record, left - 1);
      }
    }
    int lost = remaining.values().stream().mapToInt(Integer::intValue).sum();
    List<Object> someLost =
        remaining.entrySet().stream()
            .filter(entry -> entry.getValue() > 0)
            .map(Map.Entry::getKey)
            .limit(SAMPLES)
            .toList();
    return new Comparison(
        topic,
        reference.size(),
        run.size(),
        lost,
        duplicated,
        unexpected,
        someLost,
        someUnexpected);
  }

  private static Map<Object, Integer> counts(List<Object> records) {
    Map<Object, Integer> counts = new HashMap<>();
    records.forEach(record -> counts.merge(record, 1, Integer::sum));
    return counts;
  }

  /** A line for the test output, collected into the report's table. */
  String figures() {
    String figures =
        String.format(
            "%-20s expected %6d  actual %6d  lost %d  duplicated %d  unexpected %d",
            topic, expected, actual, lost, duplicated, unexpected);
    return lost + unexpected == 0
        ? figures
        : figures + "\n    e.g. lost " + someLost + "\n    e.g. unexpected " + someUnexpected;
  }
}
