package dev.eventplatform.benchmarks;

import dev.eventplatform.ingest.LocationIngestJob;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.matching.MatchingTopics;
import dev.eventplatform.matching.RideMatchingJob;
import dev.eventplatform.messaging.MessageRoutingJob;
import dev.eventplatform.pricing.SurgePricingJob;
import dev.eventplatform.video.ViewingAnalyticsJob;
import java.util.List;

/**
 * A job as the benchmarks run it: its unchanged {@code main}, the topics it reads and writes, and
 * whether it can run {@code --bounded} (read to the end of its inputs and finish).
 *
 * @param internal topics the job both writes and reads (ride-matching's verdict loop)
 */
record JobSpec(
    String name,
    BenchmarkCluster.JobMain main,
    List<Topic<?>> inputs,
    List<Topic<?>> outputs,
    List<Topic<?>> internal,
    boolean bounded) {

  static final JobSpec PASSTHROUGH =
      new JobSpec(
          PassthroughJob.NAME,
          PassthroughJob::main,
          List.of(Topics.DRIVER_LOCATIONS),
          List.of(PassthroughJob.PASSTHROUGH, Topics.DEAD_LETTERS),
          List.of(),
          true);

  static final JobSpec LOCATION_INGEST =
      new JobSpec(
          LocationIngestJob.NAME,
          LocationIngestJob::main,
          List.of(Topics.DRIVER_LOCATIONS),
          List.of(Topics.DRIVER_POSITIONS, Topics.LOCATION_ANOMALIES, Topics.DEAD_LETTERS),
          List.of(),
          true);

  static final JobSpec SURGE_PRICING =
      new JobSpec(
          SurgePricingJob.NAME,
          SurgePricingJob::main,
          List.of(
              Topics.RIDE_REQUESTS,
              Topics.DRIVER_POSITIONS,
              Topics.DRIVER_STATUS,
              Topics.PRICING_CONTEXT),
          List.of(Topics.SURGE_PRICES, Topics.RIDE_QUOTES, Topics.DEAD_LETTERS),
          List.of(),
          true);

  /** Not boundable: its claim verdicts loop back through Kafka, a topic that never ends. */
  static final JobSpec RIDE_MATCHING =
      new JobSpec(
          RideMatchingJob.NAME,
          RideMatchingJob::main,
          List.of(Topics.RIDE_REQUESTS, Topics.DRIVER_POSITIONS, Topics.DRIVER_STATUS),
          List.of(Topics.RIDE_MATCHES, Topics.RIDE_UNMATCHED, Topics.DEAD_LETTERS),
          List.of(MatchingTopics.CLAIM_VERDICTS),
          false);

  static final JobSpec VIEWING_ANALYTICS =
      new JobSpec(
          ViewingAnalyticsJob.NAME,
          ViewingAnalyticsJob::main,
          List.of(Topics.CONTENT_CATALOG, Topics.VIEWING_EVENTS, Topics.PLAYBACK_HEARTBEATS),
          List.of(
              Topics.RECOMMENDATIONS,
              Topics.TRENDING,
              Topics.ABR_DECISIONS,
              Topics.QOE_METRICS,
              Topics.DEAD_LETTERS),
          List.of(),
          true);

  static final JobSpec MESSAGE_ROUTING =
      new JobSpec(
          MessageRoutingJob.NAME,
          MessageRoutingJob::main,
          List.of(Topics.CHAT_MESSAGES, Topics.PRESENCE, Topics.GROUP_MEMBERSHIP, Topics.RECEIPTS),
          List.of(
              Topics.DELIVERIES,
              Topics.PUSH_NOTIFICATIONS,
              Topics.MESSAGE_STATUS,
              Topics.DEAD_LETTERS),
          List.of(),
          true);
}
