package dev.eventplatform.config;

import dev.eventplatform.kafka.Topic;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The settings every job shares, parsed once from {@link Settings}. Each key, its default and its
 * meaning:
 *
 * <ul>
 *   <li>{@code bootstrap-servers} (required): the Kafka cluster;
 *   <li>{@code kafka.<property>}: any Kafka client property (security included), passed through to
 *       every consumer and producer of the job;
 *   <li>{@code topic.<id>}: the name of a contract topic, default its id (e.g. {@code
 *       topic.driver-locations});
 *   <li>{@code delivery-guarantee}: {@code exactly-once}, {@code at-least-once} or {@code none} for
 *       every output; {@code delivery-guarantee.<id>} for one; default per topic (see {@code
 *       Topics});
 *   <li>{@code group-id}, {@code transactional-id-prefix}: default the job name;
 *   <li>{@code checkpoint-interval}: default 5 s; exactly-once outputs become visible at this pace;
 *   <li>{@code watermark.out-of-orderness}: how late an event may be and still count, default 2 s;
 *   <li>{@code watermark.idle-timeout}: after this long without records a partition no longer holds
 *       back event time, default 10 s (unbounded runs only);
 *   <li>{@code bounded}: read the input topics up to their current end and stop (backfills, tests),
 *       default false.
 * </ul>
 */
public record PlatformConfig(
    String jobName,
    String bootstrapServers,
    Map<String, String> kafkaProperties,
    Map<String, String> topicNames,
    DeliveryGuarantee deliveryGuarantee,
    Map<String, String> deliveryGuarantees,
    String groupId,
    String transactionalIdPrefix,
    Duration checkpointInterval,
    Duration maxOutOfOrderness,
    Duration idleTimeout,
    boolean bounded)
    implements Serializable {

  public static PlatformConfig from(Settings settings, String defaultJobName) {
    String jobName = settings.string("job-name", defaultJobName);
    return new PlatformConfig(
        jobName,
        settings.required("bootstrap-servers"),
        settings.withPrefix("kafka"),
        settings.withPrefix("topic"),
        settings.enumValue("delivery-guarantee", DeliveryGuarantee.class, null),
        settings.withPrefix("delivery-guarantee"),
        settings.string("group-id", jobName),
        settings.string("transactional-id-prefix", jobName),
        settings.duration("checkpoint-interval", Duration.ofSeconds(5)),
        settings.duration("watermark.out-of-orderness", Duration.ofSeconds(2)),
        settings.duration("watermark.idle-timeout", Duration.ofSeconds(10)),
        settings.flag("bounded", false));
  }

  /** The configured name of a contract topic. */
  public String topicName(Topic<?> topic) {
    return topicNames.getOrDefault(topic.id(), topic.id());
  }

  /** How an output topic is written: its own setting, else the job-wide one, else its default. */
  public DeliveryGuarantee guaranteeFor(Topic<?> topic) {
    String own = deliveryGuarantees.get(topic.id());
    if (own != null) {
      return DeliveryGuarantee.valueOf(own.trim().toUpperCase().replace('-', '_'));
    }
    return deliveryGuarantee != null ? deliveryGuarantee : topic.defaultGuarantee();
  }
}
