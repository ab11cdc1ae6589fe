package dev.eventplatform.matching;

import dev.eventplatform.model.ContractEvent;

/**
 * What {@link DriverClaims} decided, sent back to an area through the job's internal Kafka topic
 * {@link MatchingTopics#CLAIM_VERDICTS}. Either the answer to a proposal ({@code requestId} set),
 * or, to the other areas that hold a copy of a driver just matched, a notice that it is taken
 * ({@code requestId} null).
 *
 * @param unavailableSince event time from which the driver is taken: it is free again only after a
 *     {@code driver-status} AVAILABLE later than this
 * @param ts the event time of the proposal
 */
public record ClaimVerdict(
    String area,
    String driverId,
    long unavailableSince,
    String requestId,
    int attempt,
    boolean granted,
    long ts)
    implements ContractEvent {}
