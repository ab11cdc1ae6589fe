package dev.eventplatform.simulator;

import dev.eventplatform.config.Settings;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.serde.EventReader;
import dev.eventplatform.serde.ParsedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The simulator as a program: runs a {@link Simulation} on the wall clock (simulated time tracks
 * real time, so the platform's watermarks move), sends its records to Kafka, and feeds back what
 * the platform answers on {@code ride-matches} and {@code deliveries}. Stops after {@code
 * --duration}, after {@code --max-events}, or on Ctrl-C, flushing what it produced.
 */
public final class Simulator {

  private static final Duration TICK = Duration.ofMillis(100);

  private final SimulatorConfig config;
  private volatile boolean stopping;
  private KafkaConsumer<byte[], byte[]> feedback;

  private Simulator(SimulatorConfig config) {
    this.config = config;
  }

  public static void main(String[] args) {
    SimulatorConfig config;
    try {
      Settings settings = Settings.fromArgs(args);
      if (settings.flag("help", false)) {
        System.out.print(SimulatorConfig.USAGE);
        return;
      }
      config = SimulatorConfig.from(settings);
    } catch (IllegalArgumentException e) {
      System.err.println("simulator: " + e.getMessage());
      System.err.print(SimulatorConfig.USAGE);
      System.exit(2);
      return;
    }
    try {
      run(config);
    } catch (KafkaException e) {
      System.err.println(
          "simulator: Kafka at "
              + config.platform().bootstrapServers()
              + " failed: "
              + e.getMessage()
              + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      System.exit(1);
    }
  }

  /** Runs until the configured end or Ctrl-C, and returns what was sent and seen. */
  public static Progress run(SimulatorConfig config) {
    return new Simulator(config).run();
  }

  private Progress run() {
    long start = System.currentTimeMillis();
    Simulation simulation =
        new Simulation(
            config.domains(),
            config.rate(),
            config.seed(),
            config.malformedShare(),
            start,
            Long.toString(start, 36));
    Progress progress = new Progress(simulation, start);
    CountDownLatch finished = new CountDownLatch(1);
    Thread onCtrlC =
        new Thread(
            () -> {
              stopping = true;
              if (feedback != null) {
                feedback.wakeup();
              }
              awaitQuietly(finished);
            },
            "simulator-shutdown");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    System.out.println(
        "simulator: "
            + config.domains()
            + " at "
            + config.rate()
            + " events/s, seed "
            + config.seed()
            + ", malformed share "
            + config.malformedShare()
            + ", to "
            + config.platform().bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
      feedback = openFeedback();
      try {
        loop(simulation, producer, progress, start);
      } finally {
        if (feedback != null) {
          feedback.close();
        }
        producer.flush();
      }
    } finally {
      System.out.println(progress.line(System.currentTimeMillis()));
      finished.countDown();
      removeHook(onCtrlC);
    }
    return progress;
  }

  private void loop(
      Simulation simulation,
      KafkaProducer<byte[], byte[]> producer,
      Progress progress,
      long start) {
    long deadline =
        config.duration() == null ? Long.MAX_VALUE : start + config.duration().toMillis();
    long nextLine = start + config.progressInterval().toMillis();
    EventReader<RideMatch> matches = new EventReader<>(RideMatch.class, "simulator");
    EventReader<Delivery> deliveries = new EventReader<>(Delivery.class, "simulator");
    String matchTopic = config.platform().topicName(Topics.RIDE_MATCHES);
    while (!stopping) {
      long now = System.currentTimeMillis();
      for (OutgoingRecord record : simulation.advanceTo(now)) {
        if (progress.sent() >= config.maxEvents()) {
          break;
        }
        producer.send(
            new ProducerRecord<>(
                config.platform().topicName(record.topic()),
                record.key().getBytes(StandardCharsets.UTF_8),
                record.value()),
            (metadata, error) -> {
              if (error != null) {
                progress.sendFailed(error);
              }
            });
        progress.sent(record);
      }
      if (progress.sent() >= config.maxEvents() || now >= deadline) {
        return;
      }
      if (now >= nextLine) {
        System.out.println(progress.line(now));
        nextLine = now + config.progressInterval().toMillis();
      }
      waitForFeedback(simulation, progress, matches, deliveries, matchTopic);
    }
  }

  /** Waits one tick, handing the simulation whatever the platform answered meanwhile. */
  private void waitForFeedback(
      Simulation simulation,
      Progress progress,
      EventReader<RideMatch> matches,
      EventReader<Delivery> deliveries,
      String matchTopic) {
    if (feedback == null) {
      sleep(TICK);
      return;
    }
    try {
      for (ConsumerRecord<byte[], byte[]> record : feedback.poll(TICK)) {
        long now = System.currentTimeMillis();
        if (record.topic().equals(matchTopic)) {
          ParsedRecord<RideMatch> match =
              matches.read(record.topic(), record.partition(), record.offset(), record.value());
          if (match.isEvent()) {
            simulation.onRideMatch(match.event(), now);
          } else {
            progress.feedbackUnreadable();
          }
        } else {
          ParsedRecord<Delivery> delivery =
              deliveries.read(record.topic(), record.partition(), record.offset(), record.value());
          if (delivery.isEvent()) {
            simulation.onDelivery(delivery.event(), now);
          } else {
            progress.feedbackUnreadable();
          }
        }
      }
    } catch (WakeupException e) {
      // Ctrl-C: the loop sees `stopping` and ends.
    }
  }

  /**
   * A consumer of the platform's answers, from their current end: the simulator reacts to what
   * happens while it runs, not to what earlier runs caused. Absent topics are left out.
   */
  private KafkaConsumer<byte[], byte[]> openFeedback() {
    List<Topic<?>> wanted = new ArrayList<>();
    if (config.domains().contains("ride")) {
      wanted.add(Topics.RIDE_MATCHES);
    }
    if (config.domains().contains("chat")) {
      wanted.add(Topics.DELIVERIES);
    }
    if (wanted.isEmpty()) {
      return null;
    }
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties());
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<?> topic : wanted) {
      String name = config.platform().topicName(topic);
      var found = consumer.partitionsFor(name, Duration.ofSeconds(10));
      if (found == null || found.isEmpty()) {
        System.out.println(
            "simulator: topic " + name + " does not exist; not reading " + topic.id());
        continue;
      }
      found.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // Resolve the end offsets now, not lazily at the first poll, which would skip early answers.
    partitions.forEach(consumer::position);
    return consumer;
  }

  private Properties producerProperties() {
    Properties properties = new Properties();
    properties.putAll(config.platform().kafkaProperties());
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.platform().bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
    return properties;
  }

  private Properties consumerProperties() {
    Properties properties = new Properties();
    properties.putAll(config.platform().kafkaProperties());
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.platform().bootstrapServers());
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return properties;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // Ctrl-C is what ended the run; the hook is running and waits for us.
    }
  }
}
