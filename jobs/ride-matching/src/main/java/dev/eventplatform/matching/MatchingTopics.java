package dev.eventplatform.matching;

import static org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE;

import dev.eventplatform.kafka.Topic;

/**
 * The job's internal topic, not part of the contract: claim verdicts flow back through it from
 * {@link DriverClaims} to the {@link AreaMatcher}s, the one cycle of the job (a Flink 2 job graph
 * cannot have one). Keyed by area; the job creates it on start if it is missing, with as many
 * partitions as {@code ride-requests}.
 */
public final class MatchingTopics {

  /** At-least-once: a verdict is needed fast, and areas ignore a repeated one. */
  public static final Topic<ClaimVerdict> CLAIM_VERDICTS =
      new Topic<>("ride-matching-verdicts", ClaimVerdict.class, ClaimVerdict::area, AT_LEAST_ONCE);

  private MatchingTopics() {}
}
