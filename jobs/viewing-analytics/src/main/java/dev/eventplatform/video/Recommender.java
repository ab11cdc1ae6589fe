package dev.eventplatform.video;

import dev.eventplatform.model.video.Recommendations;
import dev.eventplatform.model.video.ScoredTitle;
import dev.eventplatform.model.video.ViewingEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Viewer profiles and recommendations, keyed by {@code userId}. Input 1 is qualified views; the
 * broadcast input is every {@link CandidateUpdate} (catalog changes, trending, per-genre and
 * co-viewing lists), held in broadcast state: one small entry per title and per list, each read by
 * a hash lookup.
 *
 * <p>A view waits until the watermark passes it, then updates the profile (see {@link
 * ViewerProfile}) and, unless the viewer got recommendations less than {@code interval} ago, asks
 * the {@link RecommendationScorer} for the top titles. Waiting for the watermark applies views in
 * event-time order and guarantees that every catalog change and list from before the view has
 * arrived, whatever the speed of each input; it costs a few seconds of latency (the watermark's
 * out-of-orderness).
 *
 * <p>State per viewer: the profile (genre weights, at most {@code historySize} recent titles) and
 * the views waiting for the watermark; all of it is removed after {@code profileTtl} of event time
 * without views.
 */
public final class Recommender
    extends KeyedBroadcastProcessFunction<String, ViewingEvent, CandidateUpdate, Recommendations> {

  public static final String UID = "viewer-profiles-and-recommendations";

  /** Catalog titles that may be recommended. */
  public static final MapStateDescriptor<String, TitleFacts> CATALOG =
      new MapStateDescriptor<>("catalog", Types.STRING, TypeInformation.of(TitleFacts.class));

  /** Candidate lists by {@link CandidateUpdate#listKey}. */
  public static final MapStateDescriptor<String, List<ScoredTitle>> LISTS =
      new MapStateDescriptor<>(
          "candidate-lists", Types.STRING, Types.LIST(TypeInformation.of(ScoredTitle.class)));

  private final RecommendationScorer scorer;
  private final long halfLifeMillis;
  private final int historySize;
  private final long ttlMillis;
  private final long intervalMillis;

  private transient ValueState<ViewerProfile> profiles;
  private transient MapState<Long, List<ViewingEvent>> waitingViews;

  public Recommender(ViewingAnalyticsConfig config) {
    this.scorer =
        new RecommendationScorer(
            config.recommendationSize(),
            config.topGenres(),
            config.seeds(),
            config.recentRelease());
    this.halfLifeMillis = config.profileHalfLife().toMillis();
    this.historySize = config.historySize();
    this.ttlMillis = config.profileTtl().toMillis();
    this.intervalMillis = config.recommendationInterval().toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    profiles =
        getRuntimeContext().getState(new ValueStateDescriptor<>("profile", ViewerProfile.class));
    waitingViews =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting-views",
                    Types.LONG,
                    Types.LIST(TypeInformation.of(ViewingEvent.class))));
  }

  @Override
  public void processElement(
      ViewingEvent view, ReadOnlyContext context, Collector<Recommendations> out) throws Exception {
    List<ViewingEvent> waiting = waitingViews.get(view.ts());
    List<ViewingEvent> more = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
    more.add(view);
    waitingViews.put(view.ts(), more);
    // A view already behind the watermark is applied at the next watermark.
    context.timerService().registerEventTimeTimer(view.ts());
  }

  @Override
  public void processBroadcastElement(
      CandidateUpdate update, Context context, Collector<Recommendations> out) throws Exception {
    BroadcastState<String, TitleFacts> catalog = context.getBroadcastState(CATALOG);
    BroadcastState<String, List<ScoredTitle>> lists = context.getBroadcastState(LISTS);
    switch (update.kind()) {
      case TITLE -> catalog.put(update.key(), update.facts());
      case REMOVAL -> {
        // Other lists may still name the title for a while; scoring skips titles not in the
        // catalog.
        catalog.remove(update.key());
        lists.remove(CandidateUpdate.listKey(CandidateUpdate.Kind.NEIGHBOURS, update.key()));
      }
      default -> lists.put(CandidateUpdate.listKey(update.kind(), update.key()), update.titles());
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<Recommendations> out)
      throws Exception {
    ViewerProfile profile = profiles.value();
    List<ViewingEvent> views = waitingViews.get(time);
    if (views == null) {
      if (profile != null && time >= profile.lastViewTs() + ttlMillis) {
        profiles.clear();
      }
      return;
    }
    waitingViews.remove(time);
    CandidateLists lists =
        new BroadcastLists(context.getBroadcastState(CATALOG), context.getBroadcastState(LISTS));
    ViewerProfile before = profile == null ? ViewerProfile.empty() : profile;
    profile = before;
    // Views of one instant: a fixed order, so every run builds the same profile.
    List<ViewingEvent> inOrder = new ArrayList<>(views);
    inOrder.sort(Comparator.comparing(ViewingEvent::contentId));
    for (ViewingEvent view : inOrder) {
      TitleFacts facts = lists.title(view.contentId());
      profile =
          profile.withView(
              view, facts == null ? List.of() : facts.genres(), halfLifeMillis, historySize);
      if (profile.lastRecommendationTs() == 0
          || view.ts() - profile.lastRecommendationTs() >= intervalMillis) {
        List<ScoredTitle> items = scorer.recommend(profile, view.ts(), lists);
        if (!items.isEmpty()) {
          out.collect(new Recommendations(view.userId(), items, view.ts()));
          profile = profile.recommendedAt(view.ts());
        }
      }
    }
    profiles.update(profile);
    if (profile.lastViewTs() != before.lastViewTs()) {
      if (before.lastViewTs() != 0) {
        context.timerService().deleteEventTimeTimer(before.lastViewTs() + ttlMillis);
      }
      context.timerService().registerEventTimeTimer(profile.lastViewTs() + ttlMillis);
    }
  }

  /** The broadcast state seen through {@link CandidateLists}. */
  private record BroadcastLists(
      ReadOnlyBroadcastState<String, TitleFacts> catalog,
      ReadOnlyBroadcastState<String, List<ScoredTitle>> lists)
      implements CandidateLists {

    @Override
    public TitleFacts title(String contentId) {
      try {
        return catalog.get(contentId);
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the catalog broadcast state", e);
      }
    }

    @Override
    public List<ScoredTitle> list(CandidateUpdate.Kind kind, String key) {
      try {
        List<ScoredTitle> list = lists.get(CandidateUpdate.listKey(kind, key));
        return list == null ? List.of() : list;
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the candidate lists broadcast state", e);
      }
    }
  }
}
