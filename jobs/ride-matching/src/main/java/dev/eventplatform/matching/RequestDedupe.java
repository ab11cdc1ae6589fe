package dev.eventplatform.matching;

import dev.eventplatform.model.ride.RideRequest;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first request with a given {@code requestId} through, keyed by request id, and drops its
 * repeats (counted in the {@code duplicateRequests} metric): a rider's app that retries, or an
 * at-least-once producer, must not get two drivers. An id is remembered for the retention (event
 * time) after its request, then forgotten by a timer.
 */
public final class RequestDedupe extends KeyedProcessFunction<String, RideRequest, RideRequest> {

  public static final String UID = "request-dedupe";

  private final long retentionMs;

  private transient ValueState<Boolean> seen;
  private transient Counter duplicates;

  public RequestDedupe(Duration retention) {
    this.retentionMs = retention.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateRequests");
  }

  @Override
  public void processElement(RideRequest request, Context context, Collector<RideRequest> out)
      throws Exception {
    if (seen.value() != null) {
      duplicates.inc();
      return;
    }
    seen.update(true);
    context.timerService().registerEventTimeTimer(request.ts() + retentionMs);
    out.collect(request);
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<RideRequest> out) {
    seen.clear();
  }
}
