package dev.eventplatform.video;

import dev.eventplatform.model.video.CatalogEntry;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts distinct viewers per title, keyed by {@code contentId}, so the counting of titles runs in
 * parallel and no scope is a hot key. The same key carries the title's catalog entry, so when a
 * window closes the title's count goes out once per scope (for trending) and once per genre of the
 * title (for the per-genre popularity lists recommendations draw on). A removed title goes out in
 * neither.
 *
 * <p>State: per open window, the viewer count per scope (removed by the window's timer; per-window
 * state is keyed by window end because a watermark far behind the input leaves several windows
 * open); and the title's latest catalog entry, kept as long as the catalog has the title (a removal
 * is kept too, as a tombstone, so a late view cannot make a withdrawn title trend).
 */
public final class TitleViewCounter
    extends KeyedCoProcessFunction<String, FreshViews, CatalogEntry, TitleCount> {

  public static final String UID = "trending-title-view-counter";

  private transient MapState<Long, Map<String, Long>> viewersByWindow;
  private transient ValueState<CatalogEntry> catalogEntry;

  @Override
  public void open(OpenContext openContext) {
    viewersByWindow =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "viewers-by-window", Types.LONG, Types.MAP(Types.STRING, Types.LONG)));
    catalogEntry =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("catalog-entry", CatalogEntry.class));
  }

  @Override
  public void processElement1(FreshViews views, Context context, Collector<TitleCount> out)
      throws Exception {
    for (long end : views.windowEnds()) {
      Map<String, Long> byScope = viewersByWindow.get(end);
      Map<String, Long> updated = byScope == null ? new HashMap<>() : new HashMap<>(byScope);
      updated.merge(views.scope(), 1L, Long::sum);
      viewersByWindow.put(end, updated);
      context.timerService().registerEventTimeTimer(end - 1);
    }
  }

  @Override
  public void processElement2(CatalogEntry entry, Context context, Collector<TitleCount> out)
      throws Exception {
    catalogEntry.update(entry);
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<TitleCount> out)
      throws Exception {
    long end = time + 1;
    Map<String, Long> byScope = viewersByWindow.get(end);
    viewersByWindow.remove(end);
    CatalogEntry entry = catalogEntry.value();
    if (byScope == null || (entry != null && entry.isRemoved())) {
      return;
    }
    String contentId = context.getCurrentKey();
    byScope.forEach(
        (scope, views) ->
            out.collect(new TitleCount(ListKind.TRENDING, scope, end, contentId, views)));
    Long global = byScope.get(ScopedView.GLOBAL);
    if (entry != null && global != null) {
      for (String genre : entry.genres()) {
        out.collect(new TitleCount(ListKind.GENRE, genre, end, contentId, global));
      }
    }
  }
}
