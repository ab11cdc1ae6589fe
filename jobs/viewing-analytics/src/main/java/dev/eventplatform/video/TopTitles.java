package dev.eventplatform.video;

import dev.eventplatform.model.video.TitleViews;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the most viewed titles of each window and emits them, most first, when the window closes.
 * The job runs it twice: first keyed by (list, bucket of the title), so each bucket's top list is
 * built in parallel, then keyed by list to merge the buckets' few candidates. Titles reach it
 * already counted, one record per title, so the merge handles at most buckets × size records per
 * window however many titles were watched.
 *
 * <p>Ties go to the smaller {@code contentId}, so every run ranks alike. State: the current top
 * list per open window, removed by the window's timer.
 */
public final class TopTitles extends KeyedProcessFunction<String, TitleCount, RankedTitles> {

  public static final String PARTIAL_UID = "top-titles-partial";
  public static final String FINAL_UID = "top-titles-final";

  static final Comparator<TitleViews> MOST_VIEWED =
      Comparator.comparingLong(TitleViews::views).reversed().thenComparing(TitleViews::contentId);

  private final int trendingSize;
  private final int genreSize;

  private transient MapState<Long, RankedTitles> topByWindow;

  public TopTitles(int trendingSize, int genreSize) {
    this.trendingSize = trendingSize;
    this.genreSize = genreSize;
  }

  @Override
  public void open(OpenContext openContext) {
    topByWindow =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "top-by-window", Types.LONG, TypeInformation.of(RankedTitles.class)));
  }

  @Override
  public void processElement(TitleCount count, Context context, Collector<RankedTitles> out)
      throws Exception {
    RankedTitles top = topByWindow.get(count.windowEnd());
    List<TitleViews> items = top == null ? new ArrayList<>() : new ArrayList<>(top.items());
    items.add(new TitleViews(count.contentId(), count.views()));
    items.sort(MOST_VIEWED);
    int size = count.kind() == ListKind.TRENDING ? trendingSize : genreSize;
    if (items.size() > size) {
      items = new ArrayList<>(items.subList(0, size));
    }
    topByWindow.put(
        count.windowEnd(), new RankedTitles(count.kind(), count.group(), count.windowEnd(), items));
    context.timerService().registerEventTimeTimer(count.windowEnd() - 1);
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<RankedTitles> out)
      throws Exception {
    RankedTitles top = topByWindow.get(time + 1);
    if (top != null) {
      out.collect(top);
      topByWindow.remove(time + 1);
    }
  }
}
