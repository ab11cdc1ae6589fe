package dev.eventplatform.serde;

import dev.eventplatform.model.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Forwards the events of a stream of {@link ParsedRecord}s and sends its dead letters to the {@link
 * #DEAD_LETTERS} side output, counting them in the {@code deadLetters} metric.
 */
public final class DeadLetterSplitter<T> extends ProcessFunction<ParsedRecord<T>, T> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private transient Counter deadLetters;

  @Override
  public void open(OpenContext openContext) {
    deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
  }

  @Override
  public void processElement(ParsedRecord<T> record, Context context, Collector<T> out) {
    if (record.isEvent()) {
      out.collect(record.event());
    } else {
      deadLetters.inc();
      context.output(DEAD_LETTERS, record.deadLetter());
    }
  }
}
