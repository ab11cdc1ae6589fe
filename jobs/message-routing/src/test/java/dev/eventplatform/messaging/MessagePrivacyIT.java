package dev.eventplatform.messaging;

import static dev.eventplatform.messaging.Chat.T0;
import static dev.eventplatform.messaging.OutputTopics.readAll;
import static dev.eventplatform.messaging.OutputTopics.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.MessageKind;
import dev.eventplatform.model.chat.Receipt;
import dev.eventplatform.model.chat.ReceiptStatus;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ciphertext leaves the job on {@code deliveries} only. A run through every path (online,
 * offline with a push, group fan-out, non-member, bad addressing, resend, malformed records, an
 * unknown receipt) is watched everywhere else a ciphertext could slip out: every log event of the
 * JVM, every metric (names, scopes and values), every push, status and dead-letter reason. The only
 * other place a ciphertext may be is a malformed record's original bytes on {@code dead-letters}.
 */
class MessagePrivacyIT {

  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      FlinkTestCluster.extension(METRICS.addToConfiguration(new Configuration()));

  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  @Test
  void ciphertextAppearsInNoLogMetricPushStatusOrDeadLetterReason() throws Exception {
    Map<String, String> topics =
        KAFKA.createTopics(
            "privacy",
            Topics.CHAT_MESSAGES,
            Topics.PRESENCE,
            Topics.GROUP_MEMBERSHIP,
            Topics.RECEIPTS,
            Topics.DELIVERIES,
            Topics.PUSH_NOTIFICATIONS,
            Topics.MESSAGE_STATUS,
            Topics.DEAD_LETTERS);
    ChatMessage toOnlineBob = Chat.direct("m1", "alice", "bob", T0 + 1_000);
    ChatMessage toOfflineCarol = Chat.direct("m2", "alice", "carol", T0 + 2_000);
    ChatMessage toTeam = Chat.toGroup("m3", "alice", "team", T0 + 3_000);
    ChatMessage fromNonMember = Chat.toGroup("m4", "mallory", "team", T0 + 4_000);
    ChatMessage bothAddresses =
        new ChatMessage(
            "m5", "alice", "bob", "team", Chat.ciphertext(), T0 + 5_000, MessageKind.TEXT);
    ChatMessage noAddress =
        new ChatMessage("m6", "alice", null, null, Chat.ciphertext(), T0 + 6_000, MessageKind.TEXT);
    ChatMessage toNeverOnline = Chat.direct("m7", "dave", "erin", T0 + 7_000);
    List<ChatMessage> messages =
        List.of(
            toOnlineBob,
            toOfflineCarol,
            toTeam,
            fromNonMember,
            bothAddresses,
            noAddress,
            toNeverOnline,
            toOnlineBob /* resent */);
    String malformedCiphertext = Chat.ciphertext();

    KAFKA.send(
        Topics.PRESENCE,
        name(topics, Topics.PRESENCE),
        List.of(Chat.online("bob", "gw-1", T0), Chat.offline("carol", T0)));
    KAFKA.send(
        Topics.GROUP_MEMBERSHIP,
        name(topics, Topics.GROUP_MEMBERSHIP),
        List.of(
            Chat.join("team", "alice", T0),
            Chat.join("team", "bob", T0),
            Chat.join("team", "carol", T0)));
    KAFKA.send(Topics.CHAT_MESSAGES, name(topics, Topics.CHAT_MESSAGES), messages);
    KAFKA.sendRaw(
        name(topics, Topics.CHAT_MESSAGES),
        MessageRoutingJobIT.malformedMessages(malformedCiphertext));
    KAFKA.send(
        Topics.RECEIPTS,
        name(topics, Topics.RECEIPTS),
        List.of(new Receipt("m404", "bob", "alice", ReceiptStatus.DELIVERED, T0 + 8_000)));

    List<String> logLines;
    try (LogCapture logs = LogCapture.begin()) {
      MessageRoutingJob.main(jobArgs(topics));
      logLines = logs.lines();
    }

    List<String> secrets = new ArrayList<>();
    messages.forEach(message -> secrets.add(message.ciphertext()));
    secrets.add(malformedCiphertext);

    // The watchers are live and the secrets really went through the job:
    List<Delivery> deliveries =
        values(readAll(KAFKA, Topics.DELIVERIES, name(topics, Topics.DELIVERIES)));
    assertThat(deliveries)
        .extracting(Delivery::ciphertext)
        .contains(toOnlineBob.ciphertext(), toTeam.ciphertext());
    assertThat(logLines).anyMatch(line -> line.contains(MessageRoutingJob.NAME));
    List<String> metrics = metricLines();
    assertThat(counterTotal("unknownReceipts")).isEqualTo(1);
    assertThat(counterTotal("deliveries")).isGreaterThanOrEqualTo(2);
    assertThat(counterTotal("pushes")).isGreaterThanOrEqualTo(2);
    assertThat(counterTotal("pendingMessages")).isGreaterThanOrEqualTo(0);

    assertThat(logLines).noneMatch(line -> leaks(line, secrets));
    assertThat(metrics).noneMatch(line -> leaks(line, secrets));
    assertThat(rawValues(topics, Topics.PUSH_NOTIFICATIONS))
        .isNotEmpty()
        .noneMatch(json -> leaks(json, secrets));
    assertThat(rawValues(topics, Topics.MESSAGE_STATUS))
        .isNotEmpty()
        .noneMatch(json -> leaks(json, secrets));

    List<DeadLetter> deadLetters =
        values(readAll(KAFKA, Topics.DEAD_LETTERS, name(topics, Topics.DEAD_LETTERS)));
    assertThat(deadLetters)
        .hasSize(3)
        .allSatisfy(
            letter -> {
              assertThat(leaks(letter.error(), secrets)).as(letter.error()).isFalse();
              // The one allowed place: the original bytes, kept so nothing is lost.
              assertThat(
                      new String(
                          Base64.getDecoder().decode(letter.payload()), StandardCharsets.UTF_8))
                  .contains(malformedCiphertext);
            });
  }

  /** The whole ciphertext, or a 16-character piece of it (a truncated quote is a leak too). */
  private static boolean leaks(String text, List<String> secrets) {
    return secrets.stream()
        .anyMatch(secret -> text.contains(secret) || text.contains(secret.substring(0, 16)));
  }

  private static List<String> metricLines() {
    List<String> lines = new ArrayList<>();
    METRICS
        .getMetricsByGroup()
        .forEach(
            (group, metrics) ->
                metrics.forEach(
                    (name, metric) ->
                        lines.add(
                            String.join(".", group.getScopeComponents())
                                + " "
                                + group.getAllVariables()
                                + " "
                                + name
                                + "="
                                + valueOf(metric))));
    assertThat(lines).isNotEmpty();
    return lines;
  }

  private static long counterTotal(String name) {
    long total = 0;
    boolean found = false;
    for (Map<String, Metric> metrics : METRICS.getMetricsByGroup().values()) {
      if (metrics.get(name) instanceof Counter counter) {
        total += counter.getCount();
        found = true;
      }
    }
    assertThat(found).as("metric %s exists", name).isTrue();
    return total;
  }

  private static String valueOf(Metric metric) {
    if (metric instanceof Counter counter) {
      return String.valueOf(counter.getCount());
    } else if (metric instanceof Gauge<?> gauge) {
      return String.valueOf(gauge.getValue());
    } else if (metric instanceof Meter meter) {
      return String.valueOf(meter.getRate());
    } else if (metric instanceof Histogram histogram) {
      return String.valueOf(histogram.getStatistics().getMean());
    }
    return String.valueOf(metric);
  }

  private static List<String> rawValues(Map<String, String> topics, Topic<?> topic) {
    return readAll(KAFKA, topic, name(topics, topic)).stream()
        .map(output -> new String(output.raw(), StandardCharsets.UTF_8))
        .toList();
  }

  private static String name(Map<String, String> topics, Topic<?> topic) {
    return topics.get(topic.id());
  }

  private static String[] jobArgs(Map<String, String> topics) {
    List<String> args =
        new ArrayList<>(
            List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--bounded", "true"));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    return args.toArray(String[]::new);
  }
}
