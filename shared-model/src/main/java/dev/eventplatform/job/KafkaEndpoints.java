package dev.eventplatform.job;

import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.serde.DeadLetterSplitter;
import dev.eventplatform.serde.KafkaEventDeserializer;
import dev.eventplatform.serde.KafkaJsonSerializer;
import dev.eventplatform.serde.ParsedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A job's Kafka inputs and outputs. {@link #read} gives a stream of valid events and keeps the
 * topic's dead letters aside; {@link #write} sinks a stream with the topic's delivery guarantee;
 * {@link #execute} adds the {@code dead-letters} sink and runs the job.
 *
 * <p>Sources and sinks get uids derived from the topic's contract id ({@code source:<id>}, {@code
 * sink:<id>}), so renaming a topic in the configuration keeps savepoints compatible.
 */
public final class KafkaEndpoints {

  /**
   * Flink's exactly-once sink defaults to a one-hour transaction timeout, which a broker with the
   * default {@code transaction.max.timeout.ms} (15 minutes) refuses.
   */
  private static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "900000";

  private final StreamExecutionEnvironment env;
  private final PlatformConfig config;
  private final List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();

  public KafkaEndpoints(StreamExecutionEnvironment env, PlatformConfig config) {
    this.env = env;
    this.config = config;
  }

  /** The valid events of {@code topic}, with event-time timestamps and watermarks. */
  public <T extends ContractEvent> DataStream<T> read(Topic<T> topic) {
    String name = config.topicName(topic);
    KafkaSourceBuilder<ParsedRecord<T>> builder =
        KafkaSource.<ParsedRecord<T>>builder()
            .setBootstrapServers(config.bootstrapServers())
            .setTopics(name)
            .setGroupId(config.groupId())
            // First start: the whole topic; afterwards: the checkpointed or committed position.
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new KafkaEventDeserializer<>(topic, config.jobName()))
            .setProperties(consumerProperties());
    if (config.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    SingleOutputStreamOperator<T> events =
        env.fromSource(builder.build(), EventTime.forRecords(config), "Kafka: " + name)
            .uid("source:" + topic.id())
            .process(new DeadLetterSplitter<T>(), TypeInformation.of(topic.type()))
            .uid("parse:" + topic.id())
            .name("Parse " + topic.type().getSimpleName());
    deadLetters.add(events.getSideOutput(DeadLetterSplitter.DEAD_LETTERS));
    return events;
  }

  /** Writes {@code stream} to {@code topic} with the topic's configured delivery guarantee. */
  public <T> void write(DataStream<T> stream, Topic<T> topic) {
    String name = config.topicName(topic);
    DeliveryGuarantee guarantee = config.guaranteeFor(topic);
    KafkaSink<T> sink =
        KafkaSink.<T>builder()
            .setBootstrapServers(config.bootstrapServers())
            .setKafkaProducerConfig(producerProperties())
            .setRecordSerializer(new KafkaJsonSerializer<>(topic, name))
            .setDeliveryGuarantee(guarantee)
            .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + topic.id())
            .build();
    stream.sinkTo(sink).uid("sink:" + topic.id()).name("Kafka: " + name + " (" + guarantee + ")");
  }

  /**
   * Creates a job's internal topic (one that is not part of the contract, such as a feedback loop)
   * if it does not exist, with as many partitions as {@code partitionedLike}, so that deploying the
   * job needs no manual step. Where the job may not create topics, it stops with what to create.
   */
  public void ensureInternalTopic(Topic<?> internal, Topic<?> partitionedLike) {
    String name = config.topicName(internal);
    String likeName = config.topicName(partitionedLike);
    Properties properties = new Properties();
    properties.putAll(config.kafkaProperties());
    properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    try (Admin admin = Admin.create(properties)) {
      if (admin.listTopics().names().get().contains(name)) {
        return;
      }
      int partitions =
          admin
              .describeTopics(List.of(likeName))
              .allTopicNames()
              .get()
              .get(likeName)
              .partitions()
              .size();
      admin
          .createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create the internal topic "
                + name
                + " ("
                + e.getCause().getMessage()
                + "): create it with as many partitions as "
                + likeName,
            e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the internal topic " + name, e);
    }
  }

  /** Adds dead letters a job produces itself (beyond unreadable input) to {@code dead-letters}. */
  public void addDeadLetters(DataStream<DeadLetter> more) {
    deadLetters.add(more);
  }

  /** Sinks all dead letters and runs the job; returns when it ends (bounded mode) or fails. */
  public JobExecutionResult execute() throws Exception {
    if (!deadLetters.isEmpty()) {
      DataStream<DeadLetter> all = deadLetters.get(0);
      for (DataStream<DeadLetter> more : deadLetters.subList(1, deadLetters.size())) {
        all = all.union(more);
      }
      write(all, Topics.DEAD_LETTERS);
    }
    return env.execute(config.jobName());
  }

  private Properties consumerProperties() {
    Properties properties = new Properties();
    // Upstream jobs write exactly-once: never read their aborted or uncommitted records.
    properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.setProperty("commit.offsets.on.checkpoint", "true");
    properties.putAll(config.kafkaProperties());
    return properties;
  }

  private Properties producerProperties() {
    Properties properties = new Properties();
    properties.setProperty("transaction.timeout.ms", DEFAULT_TRANSACTION_TIMEOUT_MS);
    properties.putAll(config.kafkaProperties());
    return properties;
  }
}
