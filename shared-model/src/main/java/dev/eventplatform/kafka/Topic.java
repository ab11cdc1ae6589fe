package dev.eventplatform.kafka;

import java.io.Serializable;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A topic of the contract with everything that travels with it: its default name, the event type of
 * its values, the field that keys its records and, for outputs, the delivery guarantee it is
 * written with unless configured otherwise. Producers and consumers that share a {@code Topic}
 * cannot drift apart.
 *
 * @param id the contract's name; also the default topic name and part of operator uids, so it must
 *     never change (configure {@code topic.<id>} to use another name)
 */
public record Topic<T>(
    String id,
    Class<T> type,
    SerializableFunction<T, String> key,
    DeliveryGuarantee defaultGuarantee)
    implements Serializable {

  public String keyOf(T event) {
    return key.apply(event);
  }

  @Override
  public String toString() {
    return id;
  }
}
