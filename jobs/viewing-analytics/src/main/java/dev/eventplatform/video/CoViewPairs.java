package dev.eventplatform.video;

import dev.eventplatform.model.video.ViewingEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns qualified views into co-views, keyed by {@code userId}: a title the user had not watched
 * recently pairs, both ways, with each of the user's last {@code pairWindow} titles. A re-watch
 * adds no pairs, so a binge of one series does not inflate its own similarity.
 *
 * <p>This keeps its own short list of recent titles rather than asking the {@link Recommender}:
 * co-views feed the neighbour lists that the recommender reads, and a dataflow cannot loop back.
 * State: at most {@code pairWindow} titles per user, dropped after {@code ttl} without views.
 */
public final class CoViewPairs extends KeyedProcessFunction<String, ViewingEvent, CoView> {

  public static final String UID = "co-view-pairs";

  private final int pairWindow;
  private final long ttlMillis;

  private transient ValueState<List<String>> recentTitles;
  private transient ValueState<Long> lastViewTs;

  public CoViewPairs(int pairWindow, Duration ttl) {
    this.pairWindow = pairWindow;
    this.ttlMillis = ttl.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    recentTitles =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("recent-titles", Types.LIST(Types.STRING)));
    lastViewTs =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-view-ts", Types.LONG));
  }

  @Override
  public void processElement(ViewingEvent view, Context context, Collector<CoView> out)
      throws Exception {
    List<String> stored = recentTitles.value();
    List<String> recent = stored == null ? new ArrayList<>() : new ArrayList<>(stored);
    String title = view.contentId();
    if (!recent.remove(title)) {
      for (String other : recent) {
        out.collect(new CoView(title, other, view.ts()));
        out.collect(new CoView(other, title, view.ts()));
      }
    }
    recent.add(0, title);
    if (recent.size() > pairWindow) {
      recent = new ArrayList<>(recent.subList(0, pairWindow));
    }
    recentTitles.update(recent);

    Long last = lastViewTs.value();
    if (last == null || view.ts() > last) {
      if (last != null) {
        context.timerService().deleteEventTimeTimer(last + ttlMillis);
      }
      lastViewTs.update(view.ts());
      context.timerService().registerEventTimeTimer(view.ts() + ttlMillis);
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<CoView> out) {
    recentTitles.clear();
    lastViewTs.clear();
  }
}
