package dev.eventplatform.model;

/**
 * A record that a job could not accept, as written to {@code dead-letters}: where it came from,
 * which job rejected it and why, and its original bytes (base64) so nothing is lost.
 *
 * @param sourceTopic the topic the record was read from (also the Kafka key)
 * @param partition its partition
 * @param offset its offset; with the topic and partition it locates the original record
 * @param job the job that rejected it
 * @param error a human-readable reason; it never quotes the payload
 * @param payload the original value bytes, base64; for a record over the size limit only its first
 *     bytes (see {@link #error})
 * @param ts when it was rejected (processing time)
 */
public record DeadLetter(
    String sourceTopic,
    int partition,
    long offset,
    String job,
    String error,
    String payload,
    long ts)
    implements ContractEvent {}
