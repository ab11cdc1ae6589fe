package dev.eventplatform.launcher;

import dev.eventplatform.kafka.Topics;
import dev.eventplatform.launcher.FlinkRestClient.JobOverview;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every topic of the contract from the moment it starts and prints a {@link SummaryBoard}
 * once a second, redrawn in place in a terminal (or every 10 s as plain text when the output is not
 * a terminal). Reads {@code read_committed}, so it counts what a downstream consumer sees:
 * exactly-once outputs appear when the checkpoint that commits them completes.
 */
public final class LiveSummary {

  private static final String CURSOR_HOME = "\033[H";
  private static final String CLEAR_TO_END_OF_LINE = "\033[K";
  private static final String CLEAR_TO_END_OF_SCREEN = "\033[J";

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final FlinkRestClient flink;
  private final PrintStream out;
  private final String header;
  private final boolean terminal;
  private final long startedAt;
  private volatile boolean running = true;

  /**
   * @param startedAt when the platform was started ({@link System#nanoTime}): the summary's clock,
   *     so it shows how long after the command each topic's first record came
   */
  public LiveSummary(
      String bootstrapServers,
      FlinkRestClient flink,
      PrintStream out,
      String header,
      long startedAt) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.flink = flink;
    this.out = out;
    this.header = header;
    this.terminal = System.console() != null;
    this.startedAt = startedAt;
  }

  /** Runs until {@link #stop()}; call from the thread that owns the terminal. */
  public void run() {
    List<TopicPartition> partitions = new ArrayList<>();
    Map<String, List<PartitionInfo>> topics = consumer.listTopics();
    Topics.ALL.forEach(
        topic ->
            topics
                .getOrDefault(topic.id(), List.of())
                .forEach(
                    partition ->
                        partitions.add(
                            new TopicPartition(partition.topic(), partition.partition()))));
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);

    SummaryBoard board = new SummaryBoard();
    long lastRender = System.nanoTime();
    long renderEvery =
        terminal ? Duration.ofSeconds(1).toNanos() : Duration.ofSeconds(10).toNanos();
    if (terminal) {
      out.print("\033[2J");
    }
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        Duration polledAfter = Duration.ofNanos(System.nanoTime() - startedAt);
        for (ConsumerRecord<byte[], byte[]> record : records) {
          board.record(record.topic(), record.value(), polledAfter);
        }
        long now = System.nanoTime();
        if (now - lastRender >= renderEvery) {
          print(
              board.render(
                  Duration.ofNanos(now - startedAt),
                  Duration.ofNanos(now - lastRender),
                  jobs(),
                  header));
          lastRender = now;
        }
      }
    } catch (WakeupException e) {
      // stop() was called: end quietly
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private List<JobOverview> jobs() {
    try {
      return flink.jobs();
    } catch (LaunchException e) {
      return List.of(new JobOverview("", "Flink", "not answering"));
    }
  }

  private void print(List<String> lines) {
    StringBuilder frame = new StringBuilder(terminal ? CURSOR_HOME : "\n");
    lines.forEach(
        line -> frame.append(line).append(terminal ? CLEAR_TO_END_OF_LINE : "").append('\n'));
    if (terminal) {
      frame.append(CLEAR_TO_END_OF_SCREEN);
    }
    out.print(frame);
    out.flush();
  }

  /** Ends {@link #run()} from another thread (the shutdown hook). */
  public void stop() {
    running = false;
    consumer.wakeup();
  }
}
