package dev.eventplatform.model;

/**
 * An event of CONTRACT.md. Every event carries its event time, and every input event can say what,
 * if anything, puts it outside the contract's ranges, so that the reader can send it to {@code
 * dead-letters} with that reason instead of failing the job.
 */
public interface ContractEvent {

  /** Event time, epoch milliseconds UTC. */
  long ts();

  /**
   * Why this event breaks the contract (a value out of range, a blank id), or {@code null} when it
   * is valid. Missing fields and wrong types are caught earlier, by the JSON reader.
   */
  default String violation() {
    return null;
  }
}
