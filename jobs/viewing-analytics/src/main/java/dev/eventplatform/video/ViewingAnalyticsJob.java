package dev.eventplatform.video;

import dev.eventplatform.config.Settings;
import dev.eventplatform.job.JobEnvironment;
import dev.eventplatform.job.KafkaEndpoints;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.video.AbrDecision;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.QoeMetrics;
import dev.eventplatform.model.video.Recommendations;
import dev.eventplatform.model.video.Trending;
import dev.eventplatform.model.video.ViewingEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * viewing-analytics: four pipelines over the video inputs.
 *
 * <ul>
 *   <li><b>Trending</b>: qualified {@code viewing-events} → distinct viewers per title, scope and
 *       sliding window → top-N per scope → {@code trending}.
 *   <li><b>Recommendations</b>: qualified views → viewer profiles → {@code recommendations},
 *       drawing candidates from the broadcast catalog ({@code content-catalog}), trending and
 *       per-genre lists and co-viewing neighbour lists.
 *   <li><b>Adaptive bitrate</b>: {@code playback-heartbeats} → {@code abr-decisions}.
 *   <li><b>Quality of experience</b>: {@code playback-heartbeats} → per-session figures → {@code
 *       qoe-metrics} per (title, device class) and minute.
 * </ul>
 *
 * <p>All outputs are exactly-once (the topic defaults).
 */
public final class ViewingAnalyticsJob {

  public static final String NAME = "viewing-analytics";

  private ViewingAnalyticsJob() {}

  public static void main(String[] args) throws Exception {
    ViewingAnalyticsConfig config = ViewingAnalyticsConfig.from(Settings.fromArgs(args));
    StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
    KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());

    Outputs outputs =
        build(
            kafka.read(Topics.CONTENT_CATALOG),
            kafka.read(Topics.VIEWING_EVENTS),
            kafka.read(Topics.PLAYBACK_HEARTBEATS),
            config);

    kafka.write(outputs.recommendations(), Topics.RECOMMENDATIONS);
    kafka.write(outputs.trending(), Topics.TRENDING);
    kafka.write(outputs.abrDecisions(), Topics.ABR_DECISIONS);
    kafka.write(outputs.qoeMetrics(), Topics.QOE_METRICS);
    kafka.execute();
  }

  /** What the job produces, before it is written anywhere. */
  public record Outputs(
      DataStream<Recommendations> recommendations,
      DataStream<Trending> trending,
      DataStream<AbrDecision> abrDecisions,
      DataStream<QoeMetrics> qoeMetrics) {}

  /** The pipelines, from inputs with timestamps and watermarks to the four outputs. */
  public static Outputs build(
      DataStream<CatalogEntry> catalog,
      DataStream<ViewingEvent> views,
      DataStream<PlaybackHeartbeat> heartbeats,
      ViewingAnalyticsConfig config) {
    DataStream<ViewingEvent> qualified = views.filter(config::isQualified).name("Qualified views");

    DataStream<RankedTitles> rankedLists = rankTitles(catalog, qualified, config);
    DataStream<Trending> trending =
        rankedLists
            .filter(ranked -> ranked.kind() == ListKind.TRENDING)
            .map(
                ranked ->
                    new Trending(
                        ranked.group(), ranked.windowEnd(), ranked.items(), ranked.windowEnd()),
                TypeInformation.of(Trending.class))
            .name("Trending lists");

    DataStream<TitleNeighbours> neighbours =
        qualified
            .keyBy(ViewingEvent::userId)
            .process(new CoViewPairs(config.pairWindow(), config.profileTtl()))
            .uid(CoViewPairs.UID)
            .name("Co-view pairs")
            .keyBy(CoView::contentId)
            .process(new CoViewingNeighbours(config.neighbours(), config.neighbourRefresh()))
            .uid(CoViewingNeighbours.UID)
            .name("Co-viewing neighbours");

    BroadcastStream<CandidateUpdate> candidates =
        catalog
            .map(CandidateUpdate::of, TypeInformation.of(CandidateUpdate.class))
            .name("Catalog changes")
            .union(
                rankedLists
                    .filter(
                        ranked ->
                            ranked.kind() == ListKind.GENRE
                                || ScopedView.GLOBAL.equals(ranked.group()))
                    .map(CandidateUpdate::of, TypeInformation.of(CandidateUpdate.class))
                    .name("Popularity lists"),
                neighbours
                    .map(CandidateUpdate::of, TypeInformation.of(CandidateUpdate.class))
                    .name("Neighbour lists"))
            .broadcast(Recommender.CATALOG, Recommender.LISTS);

    SingleOutputStreamOperator<Recommendations> recommendations =
        qualified
            .keyBy(ViewingEvent::userId)
            .connect(candidates)
            .process(new Recommender(config))
            .uid(Recommender.UID)
            .name("Viewer profiles and recommendations");

    SingleOutputStreamOperator<AbrDecision> abrDecisions =
        heartbeats
            .keyBy(PlaybackHeartbeat::sessionId)
            .process(new BitrateSelector(config.abr(), config.sessionGap()))
            .uid(BitrateSelector.UID)
            .name("Adaptive bitrate");

    return new Outputs(
        recommendations, trending, abrDecisions, qualityOfExperience(heartbeats, config));
  }

  /**
   * Trending lists and per-genre popularity lists: distinct viewers per (scope, user, title), then
   * counts per title (with its catalog entry), then a partial top list per bucket of titles and a
   * final merge per list, so no single key sees every title.
   */
  static DataStream<RankedTitles> rankTitles(
      DataStream<CatalogEntry> catalog,
      DataStream<ViewingEvent> qualified,
      ViewingAnalyticsConfig config) {
    int buckets = config.trendingBuckets();
    DataStream<TitleCount> counts =
        qualified
            .flatMap(
                (ViewingEvent view, Collector<ScopedView> out) ->
                    ScopedView.of(view).forEach(out::collect),
                TypeInformation.of(ScopedView.class))
            .name("Views per scope")
            .keyBy(ScopedView::viewerKey)
            .process(new DistinctViewers(config.trendingWindow(), config.trendingSlide()))
            .uid(DistinctViewers.UID)
            .name("Distinct viewers per window")
            .keyBy(FreshViews::contentId)
            .connect(catalog.keyBy(CatalogEntry::contentId))
            .process(new TitleViewCounter())
            .uid(TitleViewCounter.UID)
            .name("Viewers per title");
    return counts
        .keyBy(
            count -> count.listKey() + "#" + Math.floorMod(count.contentId().hashCode(), buckets))
        .process(new TopTitles(config.trendingSize(), config.genreListSize()))
        .uid(TopTitles.PARTIAL_UID)
        .name("Top titles per bucket")
        .flatMap(
            (RankedTitles partial, Collector<TitleCount> out) ->
                partial.counts().forEach(out::collect),
            TypeInformation.of(TitleCount.class))
        .name("Bucket candidates")
        .keyBy(TitleCount::listKey)
        .process(new TopTitles(config.trendingSize(), config.genreListSize()))
        .uid(TopTitles.FINAL_UID)
        .name("Top titles");
  }

  /** Session figures per heartbeat stream, then per (title, device class) and window. */
  static DataStream<QoeMetrics> qualityOfExperience(
      DataStream<PlaybackHeartbeat> heartbeats, ViewingAnalyticsConfig config) {
    OutputTag<SessionSummary> lateSessions =
        new OutputTag<>("late-sessions", TypeInformation.of(SessionSummary.class));
    SingleOutputStreamOperator<QoeMetrics> metrics =
        heartbeats
            .keyBy(PlaybackHeartbeat::sessionId)
            .process(new SessionQuality(config.sessionGap()))
            .uid(SessionQuality.UID)
            .name("Session quality")
            .keyBy(session -> session.contentId() + '\u0000' + session.device())
            .window(TumblingEventTimeWindows.of(config.qoeWindow()))
            .sideOutputLateData(lateSessions)
            .process(new QoeReport())
            .uid(QoeReport.UID)
            .name("QoE per title and device");
    // A session that ends behind the watermark finds its window already reported: counted, not
    // lost.
    metrics.getSideOutput(lateSessions).map(new LateSessionCounter()).name("Late sessions");
    return metrics;
  }

  /** Counts sessions that ended after their QoE window was reported, in {@code lateSessions}. */
  private static final class LateSessionCounter
      extends RichMapFunction<SessionSummary, SessionSummary> {
    private transient Counter lateSessions;

    @Override
    public void open(OpenContext openContext) {
      lateSessions = getRuntimeContext().getMetricGroup().counter("lateSessions");
    }

    @Override
    public SessionSummary map(SessionSummary session) {
      lateSessions.inc();
      return session;
    }
  }
}
