package dev.eventplatform.video;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts a viewer once per title, scope and sliding window, keyed by (scope, user, title). A view
 * at time t belongs to every window [end - size, end) with t inside; for each of those windows not
 * yet counted for this viewer it passes the window end on. A second view of the same title in the
 * same window adds nothing.
 *
 * <p>State: the window ends already counted (at most size / slide of them), each removed by a timer
 * when its window closes. A view for a window that has already closed (behind the watermark) cannot
 * change it any more: it is counted in the {@code lateViews} metric instead.
 */
public final class DistinctViewers extends KeyedProcessFunction<String, ScopedView, FreshViews> {

  public static final String UID = "trending-distinct-viewers";

  private final long sizeMillis;
  private final long slideMillis;

  private transient MapState<Long, Boolean> countedWindows;
  private transient Counter lateViews;

  public DistinctViewers(Duration size, Duration slide) {
    this.sizeMillis = size.toMillis();
    this.slideMillis = slide.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    countedWindows =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("counted-windows", Types.LONG, Types.BOOLEAN));
    lateViews = getRuntimeContext().getMetricGroup().counter("lateViews");
  }

  @Override
  public void processElement(ScopedView view, Context context, Collector<FreshViews> out)
      throws Exception {
    long watermark = context.timerService().currentWatermark();
    List<Long> fresh = new ArrayList<>();
    boolean late = false;
    for (long end : windowEnds(view.ts())) {
      if (end - 1 <= watermark) {
        late = true;
      } else if (!countedWindows.contains(end)) {
        countedWindows.put(end, true);
        context.timerService().registerEventTimeTimer(end - 1);
        fresh.add(end);
      }
    }
    if (late) {
      lateViews.inc();
    }
    if (!fresh.isEmpty()) {
      out.collect(new FreshViews(view.scope(), view.contentId(), fresh));
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<FreshViews> out)
      throws Exception {
    countedWindows.remove(time + 1);
  }

  /** The ends of the sliding windows that contain {@code ts}, earliest first. */
  List<Long> windowEnds(long ts) {
    List<Long> ends = new ArrayList<>();
    long firstEnd = Math.floorDiv(ts, slideMillis) * slideMillis + slideMillis;
    for (long end = firstEnd; end - sizeMillis <= ts; end += slideMillis) {
      ends.add(end);
    }
    return ends;
  }
}
