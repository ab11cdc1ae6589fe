package dev.eventplatform.kafka;

import java.io.Serializable;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A topic of the contract with everything that travels with it: its default name, the event type of
 * its values, the field that keys its records, for outputs the delivery guarantee it is written
 * with unless configured otherwise, and whether a tombstone deletes its key. Producers and
 * consumers that share a {@code Topic} cannot drift apart.
 *
 * @param id the contract's name; also the default topic name and part of operator uids, so it must
 *     never change (configure {@code topic.<id>} to use another name)
 * @param deletion what a tombstone (a record with a key and no value, Kafka's way of deleting a key
 *     of a compacted topic) means on this topic, or {@code null} where the contract has no
 *     deletions, so a tombstone is bad input there
 */
public record Topic<T>(
    String id,
    Class<T> type,
    SerializableFunction<T, String> key,
    DeliveryGuarantee defaultGuarantee,
    Deletion<T> deletion)
    implements Serializable {

  /** A topic whose tombstones are bad input: most topics are streams of facts, not keyed tables. */
  public Topic(
      String id,
      Class<T> type,
      SerializableFunction<T, String> key,
      DeliveryGuarantee defaultGuarantee) {
    this(id, type, key, defaultGuarantee, null);
  }

  public String keyOf(T event) {
    return key.apply(event);
  }

  @Override
  public String toString() {
    return id;
  }

  /** The event a tombstone stands for on a topic where it deletes its key. */
  @FunctionalInterface
  public interface Deletion<T> extends Serializable {

    /** The event that removes {@code key}, at {@code ts} (the tombstone's record timestamp). */
    T of(String key, long ts);
  }
}
