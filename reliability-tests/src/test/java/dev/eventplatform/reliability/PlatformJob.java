package dev.eventplatform.reliability;

import dev.eventplatform.config.Settings;
import dev.eventplatform.ingest.LocationIngestConfig;
import dev.eventplatform.ingest.LocationIngestJob;
import dev.eventplatform.job.JobEnvironment;
import dev.eventplatform.job.KafkaEndpoints;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.messaging.MessageRoutingConfig;
import dev.eventplatform.messaging.MessageRoutingJob;
import dev.eventplatform.pricing.SurgePricingConfig;
import dev.eventplatform.pricing.SurgePricingJob;
import dev.eventplatform.video.ViewingAnalyticsConfig;
import dev.eventplatform.video.ViewingAnalyticsJob;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The platform's jobs, each wired exactly as its {@code main} wires it (same config parsing, same
 * environment, same {@code build(...)}, same outputs) but with an {@link InputTap} between each
 * Kafka source and the pipeline, and without executing, so a test can add a failure injector or
 * restore a savepoint first. If a job's {@code main} changes its wiring, its case here must follow
 * (a job could expose one shared wiring method to make this automatic; none does yet).
 */
enum PlatformJob {
  LOCATION_INGEST(
      LocationIngestJob.NAME,
      List.of(Topics.DRIVER_LOCATIONS),
      List.of(Topics.DRIVER_POSITIONS, Topics.LOCATION_ANOMALIES)) {
    @Override
    Wired wire(String[] args, InputTap tap) {
      LocationIngestConfig config = LocationIngestConfig.from(Settings.fromArgs(args));
      StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
      KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());
      LocationIngestJob.Outputs outputs =
          LocationIngestJob.build(
              tap.apply(Topics.DRIVER_LOCATIONS, kafka.read(Topics.DRIVER_LOCATIONS)), config);
      kafka.write(outputs.positions(), Topics.DRIVER_POSITIONS);
      kafka.write(outputs.anomalies(), Topics.LOCATION_ANOMALIES);
      return new Wired(env, kafka);
    }
  },

  SURGE_PRICING(
      SurgePricingJob.NAME,
      List.of(
          Topics.RIDE_REQUESTS,
          Topics.DRIVER_POSITIONS,
          Topics.DRIVER_STATUS,
          Topics.PRICING_CONTEXT),
      List.of(Topics.SURGE_PRICES, Topics.RIDE_QUOTES)) {
    @Override
    Wired wire(String[] args, InputTap tap) {
      SurgePricingConfig config = SurgePricingConfig.from(Settings.fromArgs(args));
      StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
      KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());
      SurgePricingJob.Outputs outputs =
          SurgePricingJob.build(
              tap.apply(Topics.RIDE_REQUESTS, kafka.read(Topics.RIDE_REQUESTS)),
              tap.apply(Topics.DRIVER_POSITIONS, kafka.read(Topics.DRIVER_POSITIONS)),
              tap.apply(Topics.DRIVER_STATUS, kafka.read(Topics.DRIVER_STATUS)),
              tap.apply(Topics.PRICING_CONTEXT, kafka.read(Topics.PRICING_CONTEXT)),
              config);
      kafka.write(outputs.surgePrices(), Topics.SURGE_PRICES);
      kafka.write(outputs.quotes(), Topics.RIDE_QUOTES);
      return new Wired(env, kafka);
    }
  },

  VIEWING_ANALYTICS(
      ViewingAnalyticsJob.NAME,
      List.of(Topics.CONTENT_CATALOG, Topics.VIEWING_EVENTS, Topics.PLAYBACK_HEARTBEATS),
      List.of(Topics.RECOMMENDATIONS, Topics.TRENDING, Topics.ABR_DECISIONS, Topics.QOE_METRICS)) {
    @Override
    Wired wire(String[] args, InputTap tap) {
      ViewingAnalyticsConfig config = ViewingAnalyticsConfig.from(Settings.fromArgs(args));
      StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
      KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());
      ViewingAnalyticsJob.Outputs outputs =
          ViewingAnalyticsJob.build(
              tap.apply(Topics.CONTENT_CATALOG, kafka.read(Topics.CONTENT_CATALOG)),
              tap.apply(Topics.VIEWING_EVENTS, kafka.read(Topics.VIEWING_EVENTS)),
              tap.apply(Topics.PLAYBACK_HEARTBEATS, kafka.read(Topics.PLAYBACK_HEARTBEATS)),
              config);
      kafka.write(outputs.recommendations(), Topics.RECOMMENDATIONS);
      kafka.write(outputs.trending(), Topics.TRENDING);
      kafka.write(outputs.abrDecisions(), Topics.ABR_DECISIONS);
      kafka.write(outputs.qoeMetrics(), Topics.QOE_METRICS);
      return new Wired(env, kafka);
    }
  },

  MESSAGE_ROUTING(
      MessageRoutingJob.NAME,
      List.of(Topics.CHAT_MESSAGES, Topics.PRESENCE, Topics.GROUP_MEMBERSHIP, Topics.RECEIPTS),
      List.of(Topics.DELIVERIES, Topics.PUSH_NOTIFICATIONS, Topics.MESSAGE_STATUS)) {
    @Override
    Wired wire(String[] args, InputTap tap) {
      MessageRoutingConfig config = MessageRoutingConfig.from(Settings.fromArgs(args));
      StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
      env.setBufferTimeout(config.bufferTimeout().toMillis());
      KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());
      MessageRoutingJob.Outputs outputs =
          MessageRoutingJob.build(
              tap.apply(Topics.CHAT_MESSAGES, kafka.read(Topics.CHAT_MESSAGES)),
              tap.apply(Topics.PRESENCE, kafka.read(Topics.PRESENCE)),
              tap.apply(Topics.GROUP_MEMBERSHIP, kafka.read(Topics.GROUP_MEMBERSHIP)),
              tap.apply(Topics.RECEIPTS, kafka.read(Topics.RECEIPTS)),
              config);
      kafka.write(outputs.deliveries(), Topics.DELIVERIES);
      kafka.write(outputs.pushes(), Topics.PUSH_NOTIFICATIONS);
      kafka.write(outputs.statuses(), Topics.MESSAGE_STATUS);
      return new Wired(env, kafka);
    }
  };

  final String jobName;
  final List<Topic<?>> inputs;
  final List<Topic<?>> outputs;

  PlatformJob(String jobName, List<Topic<?>> inputs, List<Topic<?>> outputs) {
    this.jobName = jobName;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  /** Builds the job's graph (including the {@code dead-letters} sink) without running it. */
  abstract Wired wire(String[] args, InputTap tap);

  /** Every topic the job touches: inputs, outputs and dead letters. */
  Topic<?>[] allTopics() {
    java.util.List<Topic<?>> all = new java.util.ArrayList<>(inputs);
    all.addAll(outputs);
    all.add(Topics.DEAD_LETTERS);
    return all.toArray(Topic<?>[]::new);
  }

  /** A wired job: its environment (for job-level settings such as a savepoint to restore). */
  record Wired(StreamExecutionEnvironment env, KafkaEndpoints kafka) {}
}
