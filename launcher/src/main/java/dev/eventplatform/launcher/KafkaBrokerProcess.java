package dev.eventplatform.launcher;

import dev.eventplatform.kafka.PartitionLeaders;
import dev.eventplatform.kafka.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) started from the
 * broker's Maven jars: it writes {@code server.properties}, formats the storage once with {@code
 * kafka.tools.StorageTool} and runs {@code kafka.Kafka} as a child JVM. Its data and log stay in
 * {@code <dataDir>/kafka/} across runs.
 */
public final class KafkaBrokerProcess {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final ChildProcess process;
  private final int port;

  private KafkaBrokerProcess(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the broker on {@code localhost:port} (clients) and {@code controllerPort} (KRaft), and
   * returns once it serves every topic it already has (a data folder from an earlier run keeps
   * them): the port opens before their partitions have leaders again.
   */
  public static KafkaBrokerProcess start(
      PlatformLayout layout, Path dataDir, int port, int controllerPort, int defaultPartitions) {
    Path home = dataDir.resolve("kafka");
    Path logs = dataDir.resolve("logs");
    Path properties = home.resolve("server.properties");
    Path log4j = home.resolve("log4j2.properties");
    try {
      Files.createDirectories(home);
      Files.writeString(
          properties,
          serverProperties(home.resolve("data"), port, controllerPort, defaultPartitions));
      try (InputStream config =
          KafkaBrokerProcess.class.getResourceAsStream("/kafka-log4j2.properties")) {
        Files.write(log4j, config.readAllBytes());
      }
    } catch (IOException e) {
      throw new LaunchException(
          "cannot write the broker's configuration in " + home + ": " + e.getMessage(), e);
    }
    List<String> jvmArgs =
        List.of(
            "-Xms512m",
            "-Xmx1g",
            "-XX:+UseG1GC",
            "-Dlog4j2.configurationFile=" + log4j.toUri(),
            "-Dkafka.log.file=" + logs.resolve("kafka.log"));

    // Formatting writes the cluster id into the data folder; a second run finds it and skips it.
    if (!Files.exists(home.resolve("data/meta.properties"))) {
      ChildProcess.runJava(
          "Kafka storage format",
          layout.kafkaClasspath(),
          jvmArgs,
          "kafka.tools.StorageTool",
          List.of(
              "format",
              "-t",
              Uuid.randomUuid().toString(),
              "-c",
              properties.toString(),
              "--ignore-formatted"),
          logs.resolve("kafka-format.log"));
    }
    ChildProcess broker =
        ChildProcess.startJava(
            "Kafka broker",
            layout.kafkaClasspath(),
            jvmArgs,
            "kafka.Kafka",
            List.of(properties.toString()),
            logs.resolve("kafka.out"));
    KafkaBrokerProcess started = new KafkaBrokerProcess(broker, port);
    try {
      Await.until(
          "the Kafka broker on port " + port,
          START_TIMEOUT,
          () -> {
            broker.requireAlive();
            return Ports.isOpen(port);
          });
      started.awaitExistingTopics();
    } catch (LaunchException e) {
      broker.stop();
      throw e;
    }
    return started;
  }

  /** A combined KRaft node for one machine: replication factor 1 everywhere. */
  static String serverProperties(
      Path dataDir, int port, int controllerPort, int defaultPartitions) {
    return String.join(
        "\n",
        "# Written by the launcher on every start; edit KafkaBrokerProcess instead.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@localhost:" + controllerPort,
        "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
        "advertised.listeners=PLAINTEXT://localhost:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dataDir,
        "num.partitions=" + defaultPartitions,
        // One broker: internal topics cannot have more than one replica.
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        // Flink's exactly-once sink keeps transactions open up to an hour; the default cap is 15
        // min.
        "transaction.max.timeout.ms=3600000",
        // Consumers (the live summary, a user's console consumer) get their partitions at once.
        "group.initial.rebalance.delay.ms=0",
        // Topics are created on purpose, so a misspelt name fails instead of inventing a topic.
        "auto.create.topics.enable=false",
        "");
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /**
   * Creates every topic that does not exist yet, with {@code partitions} partitions and one
   * replica, and returns once the broker serves them: creation returns before their partitions have
   * leaders.
   */
  public void createTopics(List<Topic<?>> topics, int partitions) {
    try (Admin admin = admin()) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?> topic : topics) {
        if (!existing.contains(topic.id())) {
          missing.add(new NewTopic(topic.id(), partitions, (short) 1));
        }
      }
      admin.createTopics(missing).all().get();
      PartitionLeaders.await(admin, missing.stream().map(NewTopic::name).toList());
    } catch (ExecutionException | TimeoutException e) {
      throw new LaunchException("cannot create the topics: " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while creating the topics", e);
    }
  }

  /** The names of the topics the broker has, for checks. */
  public Set<String> topicNames() {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get();
    } catch (ExecutionException e) {
      throw new LaunchException("cannot list the topics: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while listing the topics", e);
    }
  }

  private void awaitExistingTopics() {
    try (Admin admin = admin()) {
      PartitionLeaders.await(admin, admin.listTopics().names().get());
    } catch (ExecutionException | TimeoutException e) {
      throw new LaunchException(
          "the Kafka broker on port " + port + " does not serve its topics: " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while waiting for the broker's topics", e);
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  private static String reason(Exception e) {
    return e instanceof ExecutionException ? e.getCause().getMessage() : "no answer in time";
  }

  public ChildProcess process() {
    return process;
  }

  /** Stops the broker cleanly (it flushes and closes its logs on SIGTERM). */
  public void stop() {
    process.stop();
  }
}
