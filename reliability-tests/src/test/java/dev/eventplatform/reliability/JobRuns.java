package dev.eventplatform.reliability;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.video.Recommendations;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.testing.KafkaTestBroker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;

/** Sends inputs to a job's topics, builds its arguments, and reads what it wrote. */
final class JobRuns {

  private JobRuns() {}

  /** Fresh topics for every topic the job touches, by contract id. */
  static Map<String, String> createTopics(KafkaTestBroker kafka, PlatformJob job, String testName) {
    return kafka.createTopics(testName, job.allTopics());
  }

  static void send(KafkaTestBroker kafka, Workload workload, Map<String, String> topics) {
    workload
        .byTopic()
        .forEach((topic, events) -> sendEvents(kafka, topic, topics.get(topic.id()), events));
  }

  @SuppressWarnings("unchecked")
  private static <T> void sendEvents(
      KafkaTestBroker kafka, Topic<T> topic, String name, List<ContractEvent> events) {
    kafka.send(topic, name, (List<T>) events);
  }

  /** The good events of a topic as the keyed JSON records a producer would send. */
  static List<Map.Entry<String, byte[]>> records(Topic<?> topic, List<ContractEvent> events) {
    var writer = EventJson.newMapper().writerFor(topic.type());
    List<Map.Entry<String, byte[]>> records = new ArrayList<>();
    for (ContractEvent event : events) {
      try {
        records.add(Map.entry(keyOf(topic, event), writer.writeValueAsBytes(event)));
      } catch (Exception e) {
        throw new IllegalArgumentException("cannot write " + event, e);
      }
    }
    return records;
  }

  @SuppressWarnings("unchecked")
  private static <T> String keyOf(Topic<T> topic, ContractEvent event) {
    return topic.keyOf((T) event);
  }

  /**
   * {@code --bootstrap-servers}, every {@code --topic.<id>}, a long idle timeout, then {@code
   * extra} (which may override it).
   *
   * <p>The idle timeout is wall-clock time: on a busy machine a source reader can stall for more
   * than the default 10 s, its partition is declared idle, event time runs ahead on the others,
   * and the stalled partition's records become late (a reference run once turned 324 positions
   * into STALE anomalies that way). Every partition of these workloads has records, and every run
   * ends with the end of a bounded input or a draining stop, so no run needs idleness to finish;
   * without it, each run has one right answer regardless of timing.
   */
  static String[] args(KafkaTestBroker kafka, Map<String, String> topics, String... extra) {
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers()));
    args.addAll(List.of("--watermark.idle-timeout", "10 min"));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /**
   * Every committed record of the job's outputs, by topic id, in the form runs can be compared in.
   * Dead letters are kept as their source and reason only: their offset and rejection time differ
   * from run to run by design. Recommendations are kept as (viewer, time) without their items: the
   * items depend on which candidate lists (trending windows, co-viewing neighbours, computed by
   * other operators and broadcast) have reached the recommender when the watermark releases a view,
   * which is a matter of timing, not of input (seen in BadInputFuzzIT: the same good views gave
   * different items in two runs). Deliveries are kept as the distinct (message, recipient) pairs
   * delivered: a pending message is handed again to each new gateway its recipient connects through
   * until a receipt arrives, so how many copies go out depends on how presence changes and receipts
   * interleave; gateways de-duplicate by message id, so what counts is that every pair arrives
   * (seen in BadInputFuzzIT: 4530 and 4506 copies of the same pairs in two runs).
   */
  static Map<String, List<Object>> readOutputs(
      KafkaTestBroker kafka, PlatformJob job, Map<String, String> topics) {
    Map<String, List<Object>> outputs = new LinkedHashMap<>();
    for (Topic<?> topic : job.outputs) {
      List<Object> records = new ArrayList<>(kafka.readAll(topic, topics.get(topic.id())));
      if (topic.equals(Topics.RECOMMENDATIONS)) {
        records.replaceAll(
            r -> ((Recommendations) r).userId() + " @ " + ((Recommendations) r).ts());
      }
      if (topic.equals(Topics.DELIVERIES)) {
        records =
            new ArrayList<>(
                new java.util.LinkedHashSet<>(
                    records.stream()
                        .map(r -> ((Delivery) r).messageId() + " -> " + ((Delivery) r).to())
                        .toList()));
      }
      outputs.put(topic.id(), records);
    }
    List<Object> reasons = new ArrayList<>();
    for (DeadLetter letter :
        kafka.readAll(Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id()))) {
      reasons.add(letter.sourceTopic() + " | " + letter.error());
    }
    outputs.put(Topics.DEAD_LETTERS.id(), reasons);
    return outputs;
  }

  /** How often the job's tasks were restarted: the highest attempt number of any of its tasks. */
  static int restarts(MiniCluster cluster, JobID job) throws Exception {
    AccessExecutionGraph graph = cluster.getExecutionGraph(job).get();
    int restarts = 0;
    for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
      restarts = Math.max(restarts, vertex.getCurrentExecutionAttempt().getAttemptNumber());
    }
    return restarts;
  }

  /** Checkpoints the job completed. */
  static long completedCheckpoints(MiniCluster cluster, JobID job) throws Exception {
    var stats = cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
    return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
  }
}
