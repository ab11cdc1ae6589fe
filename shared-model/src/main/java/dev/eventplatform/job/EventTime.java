package dev.eventplatform.job;

import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.serde.ParsedRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermark strategy of every job, in one place for {@code main} and tests: event time is the
 * contract's {@code ts}, events may be {@code watermark.out-of-orderness} late, and a partition
 * that has been quiet for {@code watermark.idle-timeout} stops holding event time back.
 *
 * <p>Idleness applies to unbounded runs only. A bounded run needs none (a partition that is read to
 * its end, or empty, ends its event time by itself), and there it would do harm: a source that is
 * merely slow to start would count as idle, and its records would arrive late.
 */
public final class EventTime {

  private EventTime() {}

  /** For Kafka sources: per-partition watermarks, generated where the records are read. */
  public static <T extends ContractEvent> WatermarkStrategy<ParsedRecord<T>> forRecords(
      PlatformConfig config) {
    WatermarkStrategy<ParsedRecord<T>> strategy =
        WatermarkStrategy.<ParsedRecord<T>>forBoundedOutOfOrderness(config.maxOutOfOrderness())
            // A dead letter has no trustworthy event time; the minimum never moves a watermark.
            .withTimestampAssigner(
                (record, kafkaTimestamp) ->
                    record.isEvent() ? record.event().ts() : Long.MIN_VALUE);
    return config.bounded() ? strategy : strategy.withIdleness(config.idleTimeout());
  }

  /** For streams that are already events, such as the bounded inputs of pipeline tests. */
  public static <T extends ContractEvent> WatermarkStrategy<T> forEvents(PlatformConfig config) {
    WatermarkStrategy<T> strategy =
        WatermarkStrategy.<T>forBoundedOutOfOrderness(config.maxOutOfOrderness())
            .withTimestampAssigner((event, previous) -> event.ts());
    return config.bounded() ? strategy : strategy.withIdleness(config.idleTimeout());
  }
}
