package dev.eventplatform.matching;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideUnmatched;
import dev.eventplatform.serde.EventJson;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcomes the job has published, read back after a restore so that the restored operators keep
 * to what riders and drivers may already have seen.
 *
 * <p>Why: matches and unmatched ends are written at-least-once, visible the moment they are made.
 * After a failure the job restarts from its last checkpoint, whose state does not hold the outcomes
 * published since; replaying the input need not decide the same way (areas see drivers, requests
 * and verdicts in another order), so without this log a request could get a second driver and a
 * driver a second rider. A grant also travels on the verdict loop, which may have been written when
 * its {@code ride-matches} record was not, so the loop is read too.
 *
 * <p>How: at each checkpoint an operator records the end offsets of {@code ride-matches}, {@code
 * ride-unmatched} and the verdict loop. It records them in its own snapshot, so whatever it or the
 * operators after it publish after the checkpoint barrier lies beyond them. After a restore it
 * reads each partition from the recorded offset to the current end, committed records only. It also
 * carries over the outcomes it had not yet acted upon at the checkpoint, in case the job fails
 * again before it does. Outcomes published just before the barrier may be read too; the operators
 * recognise them as already known.
 */
final class OutcomeLog implements Serializable {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeLog.class);

  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private final Properties kafka;
  private final String matchesTopic;
  private final String unmatchedTopic;
  private final String verdictsTopic;

  private transient Admin admin;
  private transient ListState<LogPosition> positions;
  private transient ListState<PublishedOutcome> carriedOver;

  private OutcomeLog(PlatformConfig platform) {
    kafka = new Properties();
    kafka.putAll(platform.kafkaProperties());
    kafka.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    matchesTopic = platform.topicName(Topics.RIDE_MATCHES);
    unmatchedTopic = platform.topicName(Topics.RIDE_UNMATCHED);
    verdictsTopic = platform.topicName(MatchingTopics.CLAIM_VERDICTS);
  }

  /** The job's log, or null where nothing is published to Kafka (operator tests). */
  static OutcomeLog of(RideMatchingConfig config) {
    return config.platform() == null ? null : new OutcomeLog(config.platform());
  }

  /**
   * Registers the log's operator state; after a restore, returns the outcomes carried over and
   * those published since the checkpoint, in the order they were published per partition.
   */
  List<PublishedOutcome> initialize(FunctionInitializationContext context) throws Exception {
    positions =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "published-outcome-offsets", TypeInformation.of(LogPosition.class)));
    carriedOver =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "published-outcomes-carried-over", TypeInformation.of(PublishedOutcome.class)));
    List<PublishedOutcome> outcomes = new ArrayList<>();
    if (!context.isRestored()) {
      return outcomes;
    }
    carriedOver.get().forEach(outcomes::add);
    Map<TopicPartition, Long> from = new HashMap<>();
    for (LogPosition position : positions.get()) {
      // Every subtask recorded its own view: the smallest offset misses nothing.
      from.merge(
          new TopicPartition(position.topic(), position.partition()), position.offset(), Math::min);
    }
    if (!from.isEmpty()) {
      outcomes.addAll(readFrom(from));
    }
    return outcomes;
  }

  /** Records where the log ends now, and the outcomes still to act upon after a restore. */
  void snapshot(Iterable<PublishedOutcome> stillToActUpon) throws Exception {
    List<LogPosition> ends = new ArrayList<>();
    for (Map.Entry<TopicPartition, Long> end : endOffsets().entrySet()) {
      ends.add(new LogPosition(end.getKey().topic(), end.getKey().partition(), end.getValue()));
    }
    positions.update(ends);
    List<PublishedOutcome> pending = new ArrayList<>();
    stillToActUpon.forEach(pending::add);
    carriedOver.update(pending);
  }

  void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    if (admin == null) {
      admin = Admin.create(kafka);
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicDescription topic :
        admin
            .describeTopics(List.of(matchesTopic, unmatchedTopic, verdictsTopic))
            .allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .values()) {
      topic
          .partitions()
          .forEach(
              p ->
                  latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  /**
   * Reads every partition of the three topics from its offset in {@code from} (a partition added
   * since: from its start) up to where it ends now.
   */
  private List<PublishedOutcome> readFrom(Map<TopicPartition, Long> from) throws IOException {
    Properties properties = new Properties();
    properties.putAll(kafka);
    // A previous run's open transactions (exactly-once outputs) are aborted: read to the last
    // stable offset only, never waiting for them.
    properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    ObjectMapper json = EventJson.newMapper();
    List<PublishedOutcome> outcomes = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(matchesTopic, unmatchedTopic, verdictsTopic)) {
        consumer
            .partitionsFor(topic, TIMEOUT)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, from.getOrDefault(partition, 0L));
      }
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IOException("could not read the published outcomes within " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
            outcomes.addAll(parse(json, record));
          }
        }
      }
    }
    LOG.info("read {} outcomes published after the restored checkpoint", outcomes.size());
    return outcomes;
  }

  private List<PublishedOutcome> parse(ObjectMapper json, ConsumerRecord<byte[], byte[]> record)
      throws IOException {
    if (record.topic().equals(matchesTopic)) {
      RideMatch match = json.readValue(record.value(), RideMatch.class);
      return List.of(new PublishedOutcome(match.requestId(), match.driverId(), match.ts(), true));
    }
    if (record.topic().equals(unmatchedTopic)) {
      RideUnmatched end = json.readValue(record.value(), RideUnmatched.class);
      return List.of(new PublishedOutcome(end.requestId(), null, end.ts(), true));
    }
    ClaimVerdict verdict = json.readValue(record.value(), ClaimVerdict.class);
    return verdict.granted() && verdict.requestId() != null
        ? List.of(
            new PublishedOutcome(
                verdict.requestId(), verdict.driverId(), verdict.unavailableSince(), false))
        : List.of();
  }
}
