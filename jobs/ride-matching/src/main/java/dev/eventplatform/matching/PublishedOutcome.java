package dev.eventplatform.matching;

/**
 * An outcome that a run of the job published to Kafka after the checkpoint the current run restored
 * from. The restored state does not know it, yet riders and drivers may already have seen it, so
 * the restored operators must keep to it rather than decide again (see {@link OutcomeLog}).
 *
 * @param driverId the driver granted, or null for a request that ended unmatched
 * @param at event time of the match, or of the unmatched end
 * @param onOutputTopic whether it is on {@code ride-matches} or {@code ride-unmatched}; false for a
 *     grant known only from the verdict loop, whose {@code ride-matches} record may not have been
 *     written before the failure
 */
public record PublishedOutcome(String requestId, String driverId, long at, boolean onOutputTopic) {

  boolean isMatch() {
    return driverId != null;
  }

  /** Of two records of one request's outcome, the one to keep to: what riders see comes first. */
  PublishedOutcome firmer(PublishedOutcome other) {
    return other.onOutputTopic && !onOutputTopic ? other : this;
  }
}
