package dev.eventplatform.reliability;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.MessageState;
import dev.eventplatform.model.chat.MessageStatus;
import dev.eventplatform.model.chat.Receipt;
import dev.eventplatform.model.ride.LocationAnomaly;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.Recommendations;
import dev.eventplatform.model.video.ScoredTitle;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.testing.KafkaTestBroker;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        .forEach((topic, events) -> sendRaw(kafka, topics.get(topic.id()), records(topic, events)));
  }

  /**
   * Sends {@code records} to {@code topicName} and checks that the topic grew by exactly that many:
   * a comparison between runs means nothing if one run's input was not written intact.
   */
  static void sendRaw(
      KafkaTestBroker kafka, String topicName, List<Map.Entry<String, byte[]>> records) {
    long before = totalOffset(kafka, topicName);
    kafka.sendRaw(topicName, records);
    long written = totalOffset(kafka, topicName) - before;
    if (written != records.size()) {
      throw new AssertionError(
          "sent " + records.size() + " records to " + topicName + " but it holds " + written);
    }
  }

  private static long totalOffset(KafkaTestBroker kafka, String topicName) {
    return kafka.endOffsets(topicName).values().stream().mapToLong(Long::longValue).sum();
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
   * than the default 10 s, its partition is declared idle, event time runs ahead on the others, and
   * the stalled partition's records become late (a reference run once turned 324 positions into
   * STALE anomalies that way). Every partition of these workloads has records, and every run ends
   * with the end of a bounded input or a draining stop, so no run needs idleness to finish; without
   * it, each run has one right answer regardless of timing.
   */
  static String[] args(KafkaTestBroker kafka, Map<String, String> topics, String... extra) {
    return args(kafka.bootstrapServers(), topics, extra);
  }

  /** As {@link #args(KafkaTestBroker, Map, String...)}, for a broker other than the test broker. */
  static String[] args(String bootstrapServers, Map<String, String> topics, String... extra) {
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers));
    args.addAll(List.of("--watermark.idle-timeout", "10 min"));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /**
   * Every committed record of the job's outputs, by topic id, in the form that says what the job
   * guarantees, so that two runs of the same input must agree on it record for record:
   *
   * <ul>
   *   <li>Dead letters: their source and reason (offsets and rejection times differ by design).
   *   <li>Recommendations: the viewer, and whether the list is valid (1 to {@value
   *       #MAX_RECOMMENDED} distinct titles, each in the catalog and not removed). Which titles are
   *       recommended depends on which broadcast candidate lists (trending windows, co-viewing
   *       neighbours, computed by other operators) reached the recommender when the watermark
   *       released the view: timing, not input (viewing-analytics README, trade-offs). Which
   *       viewers get a list, and how many within the pacing interval, is decided by their views.
   *   <li>Deliveries: the distinct (message, recipient) pairs without a receipt in the input (see
   *       {@link #acknowledgedPairs}). Delivery is at-least-once and every ONLINE presence hands
   *       the whole unacknowledged queue to the new gateway, so the number of copies depends on how
   *       receipts and presence changes interleave; gateways de-duplicate by message id, so what
   *       counts is that every pair arrives.
   *   <li>Message statuses: SENT and REJECTED only, which the acceptor and the group fan-out (group
   *       membership in event time) decide from the input alone. DELIVERED, READ and EXPIRED depend
   *       on whether a receipt reaches the inbox after its message (they come on different topics;
   *       an early receipt is ignored as unknown and the message later expires).
   *   <li>Push notifications: left out. They are collapsed per recipient in processing time and
   *       sent as a fallback when a receipt does not come within a processing-time timeout.
   * </ul>
   */
  static Map<String, List<Object>> readOutputs(
      KafkaTestBroker kafka, PlatformJob job, Map<String, String> topics, Workload input) {
    Map<String, List<Object>> outputs = new LinkedHashMap<>();
    for (Topic<?> topic : job.outputs) {
      if (topic.equals(Topics.PUSH_NOTIFICATIONS)) {
        continue;
      }
      List<Object> records = new ArrayList<>(kafka.readAll(topic, topics.get(topic.id())));
      if (topic.equals(Topics.RECOMMENDATIONS)) {
        Set<String> titles = availableTitles(input);
        records.replaceAll(r -> recommendationView((Recommendations) r, titles));
      }
      if (topic.equals(Topics.DELIVERIES)) {
        Set<String> acknowledged = acknowledgedPairs(input);
        records =
            new ArrayList<>(
                new LinkedHashSet<>(
                    records.stream()
                        .map(r -> ((Delivery) r).messageId() + " -> " + ((Delivery) r).to())
                        .filter(pair -> !acknowledged.contains(pair))
                        .toList()));
      }
      if (topic.equals(Topics.MESSAGE_STATUS)) {
        records.removeIf(r -> !DECIDED_BY_INPUT.contains(((MessageStatus) r).status()));
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

  /**
   * Replaces each location anomaly of {@code outputs} by its driver, time and kind. A job restored
   * from a checkpoint starts with event time at its minimum again (watermarks are not part of a
   * checkpoint), so a replayed ping can be judged against a lower watermark than in a run without
   * restarts, and its anomaly's detail text can differ. What must not change is which pings became
   * anomalies, of which kind.
   */
  static void anomaliesWithoutDetail(Map<String, List<Object>> outputs) {
    outputs
        .get(Topics.LOCATION_ANOMALIES.id())
        .replaceAll(
            a ->
                ((LocationAnomaly) a).driverId()
                    + " @ "
                    + ((LocationAnomaly) a).ts()
                    + " "
                    + ((LocationAnomaly) a).kind());
  }

  /** The job's default {@code recommendations.size}. */
  static final int MAX_RECOMMENDED = 10;

  private static final Set<MessageState> DECIDED_BY_INPUT =
      EnumSet.of(MessageState.SENT, MessageState.REJECTED);

  private static String recommendationView(Recommendations list, Set<String> titles) {
    List<String> items = list.items().stream().map(ScoredTitle::contentId).toList();
    boolean valid =
        !items.isEmpty()
            && items.size() <= MAX_RECOMMENDED
            && new HashSet<>(items).size() == items.size()
            && titles.containsAll(items);
    return list.userId() + (valid ? " got a valid list" : " got an invalid list " + items);
  }

  /**
   * The (message, recipient) pairs the input has a receipt for. The generated receipts claim a
   * delivery whenever the recipient was online by the workload's clock, but the inbox sees presence
   * and messages in arrival order (two topics, not joined in event time): when it still thought the
   * recipient offline, it queued the message, and the receipt then removed it from the queue before
   * any ONLINE delivered it. Whether such a pair is ever on {@code deliveries} is timing (seen in
   * TaskFailureIT: all 78 pairs that differed between a clean and a failing run had a receipt);
   * every other pair must be delivered in every run.
   */
  private static Set<String> acknowledgedPairs(Workload input) {
    Set<String> pairs = new HashSet<>();
    for (ContractEvent event : input.of(Topics.RECEIPTS)) {
      Receipt receipt = (Receipt) event;
      pairs.add(receipt.messageId() + " -> " + receipt.from());
    }
    return pairs;
  }

  /** Titles of the input's catalog that are not removed. */
  private static Set<String> availableTitles(Workload input) {
    Set<String> titles = new HashSet<>();
    for (ContractEvent event : input.of(Topics.CONTENT_CATALOG)) {
      CatalogEntry entry = (CatalogEntry) event;
      if (Boolean.TRUE.equals(entry.removed())) {
        titles.remove(entry.contentId());
      } else {
        titles.add(entry.contentId());
      }
    }
    return titles;
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
