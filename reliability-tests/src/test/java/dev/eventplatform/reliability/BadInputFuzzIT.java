package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.serde.EventReader;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input fuzzing: {@value #BAD_PER_TOPIC} generated bad records ({@link BadRecords}, seeded)
 * mixed into the good records of every input topic of a job. The cluster has no restart strategy,
 * so a single failure fails the test. Every bad record must come out on {@code dead-letters} with a
 * reason and its original bytes, and every output must equal that of a run with the good records
 * alone. The bad records shift when the good ones arrive; the comparison holds all the same because
 * each workload has one right answer whatever the arrival ({@link Workloads}; for surge-pricing,
 * whose pricing context applies on arrival, see {@link Workloads#surgePricing}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BadInputFuzzIT {

  static final int BAD_PER_TOPIC = 1_000;

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  @Tag("ci")
  @ParameterizedTest
  @EnumSource(PlatformJob.class)
  void everyBadRecordIsDeadLetteredAndTheGoodOnesAreUntouched(PlatformJob job) throws Exception {
    fuzz(job);
  }

  private void fuzz(PlatformJob job) throws Exception {
    Workload good = Workloads.forJob(job, 7);

    Map<String, String> goodTopics = JobRuns.createTopics(KAFKA, job, "good");
    JobRuns.send(KAFKA, good, goodTopics);
    job.wire(JobRuns.args(KAFKA, goodTopics, "--bounded", "true"), InputTap.NONE).kafka().execute();
    Map<String, List<Object>> expected = JobRuns.readOutputs(KAFKA, job, goodTopics, good);

    Map<String, String> topics = JobRuns.createTopics(KAFKA, job, "fuzzed");
    BadRecords generator = new BadRecords(job.ordinal() * 1_000L + 11);
    Random mixer = new Random(job.ordinal());
    Map<String, List<BadRecords.BadRecord>> badByTopic = new java.util.HashMap<>();
    Map<BadRecords.Kind, Integer> kinds = new EnumMap<>(BadRecords.Kind.class);
    for (Topic<?> topic : job.inputs) {
      List<ContractEvent> events = good.of(topic);
      List<BadRecords.BadRecord> bad = generator.generate(events, BAD_PER_TOPIC);
      bad.forEach(record -> kinds.merge(record.kind(), 1, Integer::sum));
      badByTopic.put(topics.get(topic.id()), bad);
      JobRuns.sendRaw(
          KAFKA, topics.get(topic.id()), mix(JobRuns.records(topic, events), bad, mixer));
    }
    // Restart strategy none: if any record made the job fail, execute() throws here.
    job.wire(JobRuns.args(KAFKA, topics, "--bounded", "true"), InputTap.NONE).kafka().execute();
    Map<String, List<Object>> actual = JobRuns.readOutputs(KAFKA, job, topics, good);
    List<DeadLetter> deadLetters =
        KAFKA.readAll(Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id()));

    int badTotal = BAD_PER_TOPIC * job.inputs.size();
    System.out.printf(
        "FIGURES fuzzing %s: %d good + %d bad records in (%s), %d dead letters, 0 restarts%n",
        job.jobName, good.size(), badTotal, kinds, deadLetters.size());
    for (Map.Entry<String, List<BadRecords.BadRecord>> entry : badByTopic.entrySet()) {
      List<String> expectedPayloads = new ArrayList<>();
      for (BadRecords.BadRecord record : entry.getValue()) {
        expectedPayloads.add(Base64.getEncoder().encodeToString(keptBytes(record.value())));
      }
      List<DeadLetter> fromTopic =
          deadLetters.stream()
              .filter(letter -> letter.sourceTopic().equals(entry.getKey()))
              .toList();
      assertThat(fromTopic)
          .as("dead letters from %s", entry.getKey())
          .hasSize(entry.getValue().size());
      assertThat(fromTopic)
          .allSatisfy(
              letter -> {
                assertThat(letter.error()).startsWith("not a valid ").hasSizeGreaterThan(20);
                assertThat(letter.job()).isEqualTo(job.jobName);
              });
      assertThat(fromTopic.stream().map(DeadLetter::payload).toList())
          .as("original bytes of the bad records of %s", entry.getKey())
          .containsExactlyInAnyOrderElementsOf(expectedPayloads);
    }
    assertThat(deadLetters).hasSize(badTotal);
    expected.forEach(
        (id, records) -> {
          if (!id.equals(Topics.DEAD_LETTERS.id())) { // checked above, one by one
            System.out.println("FIGURES   " + Comparison.of(id, records, actual.get(id)).figures());
          }
        });
    for (Topic<?> topic : job.outputs) {
      if (!expected.containsKey(topic.id())) {
        continue; // not comparable between runs (JobRuns.readOutputs says why)
      }
      Comparison comparison =
          Comparison.of(topic.id(), expected.get(topic.id()), actual.get(topic.id()));
      assertThat(comparison.expected()).as("the good-only run wrote %s", topic.id()).isPositive();
      assertThat(actual.get(topic.id()))
          .as("%s as if the bad records were absent", topic.id())
          .containsExactlyInAnyOrderElementsOf(expected.get(topic.id()));
    }
  }

  /** Good records in their order, with the bad ones scattered between them. */
  private static List<Map.Entry<String, byte[]>> mix(
      List<Map.Entry<String, byte[]>> good, List<BadRecords.BadRecord> bad, Random random) {
    List<Map.Entry<String, byte[]>> mixed = new ArrayList<>(good);
    for (BadRecords.BadRecord record : bad) {
      // Keyed like a good record, so the bad ones share partitions (and watermarks) with them.
      String key = good.get(random.nextInt(good.size())).getKey();
      mixed.add(random.nextInt(mixed.size() + 1), Map.entry(key, record.value()));
    }
    return mixed;
  }

  /** What a dead letter keeps of a payload: all of it, or the head of an oversized one. */
  private static byte[] keptBytes(byte[] value) {
    return value.length > EventReader.MAX_PAYLOAD_BYTES ? Arrays.copyOf(value, 64 * 1024) : value;
  }
}
