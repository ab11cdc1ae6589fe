package dev.eventplatform.video;

import dev.eventplatform.model.video.ScoredTitle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Item-to-item similarity from co-viewing, keyed by {@code contentId}, kept up to date one co-view
 * at a time. Counts are held in a bounded Space-Saving summary (4 × {@code neighbours} counters: a
 * new title that finds it full takes the place of the weakest, inheriting its count), so a title
 * watched alongside the whole catalog still keeps a fixed amount of state while its strongest
 * neighbours are found reliably.
 *
 * <p>The top {@code neighbours} go out as a {@link TitleNeighbours} list at most once per {@code
 * refresh} of event time (a timer at the next refresh boundary), because every list is broadcast to
 * every recommender instance.
 *
 * <p>There is no TTL: state is bounded by construction (a fixed number of counters per title, and
 * the titles are the catalog's), and co-viewing is a slow signal that stays true for old titles. A
 * TTL would also withdraw lists when a bounded run's final watermark fires every timer, before the
 * last views are scored.
 */
public final class CoViewingNeighbours
    extends KeyedProcessFunction<String, CoView, TitleNeighbours> {

  public static final String UID = "co-viewing-neighbours";

  private final int neighbours;
  private final int capacity;
  private final long refreshMillis;

  private transient ValueState<Map<String, Long>> coViews;

  public CoViewingNeighbours(int neighbours, Duration refresh) {
    this.neighbours = neighbours;
    this.capacity = 4 * neighbours;
    this.refreshMillis = refresh.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    coViews =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("co-views", Types.MAP(Types.STRING, Types.LONG)));
  }

  @Override
  public void processElement(CoView coView, Context context, Collector<TitleNeighbours> out)
      throws Exception {
    Map<String, Long> stored = coViews.value();
    Map<String, Long> counts = stored == null ? new HashMap<>() : new HashMap<>(stored);
    count(counts, coView.otherContentId());
    coViews.update(counts);
    // Flink keeps one timer per key and instant: all co-views until the boundary share it.
    long nextRefresh = Math.floorDiv(coView.ts(), refreshMillis) * refreshMillis + refreshMillis;
    context.timerService().registerEventTimeTimer(nextRefresh);
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<TitleNeighbours> out)
      throws Exception {
    out.collect(new TitleNeighbours(context.getCurrentKey(), strongest(coViews.value())));
  }

  /**
   * Space-Saving: count a known title, add a new one while there is room, else replace the weakest.
   */
  void count(Map<String, Long> counts, String title) {
    if (counts.containsKey(title) || counts.size() < capacity) {
      counts.merge(title, 1L, Long::sum);
      return;
    }
    Map.Entry<String, Long> weakest = null;
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      if (weakest == null
          || entry.getValue() < weakest.getValue()
          || (entry.getValue().equals(weakest.getValue())
              && entry.getKey().compareTo(weakest.getKey()) > 0)) {
        weakest = entry;
      }
    }
    long inherited = weakest.getValue();
    counts.remove(weakest.getKey());
    counts.put(title, inherited + 1);
  }

  /** The top neighbours, with similarity relative to the strongest. */
  List<ScoredTitle> strongest(Map<String, Long> counts) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        Map.Entry.<String, Long>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    List<ScoredTitle> top = new ArrayList<>();
    double strongest = entries.isEmpty() ? 1 : entries.get(0).getValue();
    for (Map.Entry<String, Long> entry : entries.subList(0, Math.min(neighbours, entries.size()))) {
      top.add(new ScoredTitle(entry.getKey(), entry.getValue() / strongest));
    }
    return top;
  }
}
