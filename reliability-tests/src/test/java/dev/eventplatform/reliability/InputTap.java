package dev.eventplatform.reliability;

import dev.eventplatform.kafka.Topic;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What a test puts between a job's Kafka source (after parsing) and its {@code build(...)}
 * pipeline, e.g. a {@link FailureInjector}. {@link #NONE} leaves the job exactly as its main wires
 * it.
 */
@FunctionalInterface
interface InputTap extends Serializable {

  InputTap NONE =
      new InputTap() {
        @Override
        public <T> DataStream<T> apply(Topic<T> topic, DataStream<T> events) {
          return events;
        }
      };

  <T> DataStream<T> apply(Topic<T> topic, DataStream<T> events);
}
