package dev.eventplatform.matching;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.matching.MatchScore.Candidate;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.RideUnmatched;
import dev.eventplatform.model.ride.UnmatchedReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Finds drivers for the requests of one area (keyed by area). It holds a copy of every driver
 * within the radius of the area, indexed by precision-6 cell, and the requests not yet settled.
 *
 * <p>A request is matched the moment it arrives, against the drivers known at that moment (no
 * waiting for watermarks): the best-scoring available driver that fits is <em>proposed</em> to
 * {@link DriverClaims}, the single writer of that driver's fate. The area cannot claim the driver
 * itself, because other areas near the border hold copies of it too. The verdict comes back: a
 * grant settles the request; a refusal marks the driver taken and the next best is proposed.
 *
 * <p>A request with no candidate waits, in event time, until its {@code maxWaitMs} passes; any
 * driver update that makes a fitting driver available proposes it to the oldest waiting request.
 * Then it ends in one {@code ride-unmatched}: TIMEOUT if a fitting driver was ever near but busy,
 * NO_DRIVER_NEARBY otherwise. A request whose proposal is out at its deadline is settled by the
 * verdict. State per area: the drivers in reach (removed when they leave) and the unsettled
 * requests (removed when settled); a timer per deadline.
 *
 * <p>Requests waiting for a driver are kept apart from those waiting for a verdict, with their
 * count in a value: every driver update and every deadline looks at the waiting ones, which are few
 * or none while drivers are plentiful, and never scans the many with a proposal out. On RocksDB
 * even asking whether a map is empty is a seek that can step over many deleted entries, so the
 * count answers that.
 *
 * <p>After a restore, the outcomes published since the checkpoint (read back from the {@link
 * OutcomeLog}) come first: an area's unsettled request that riders already see settled is
 * forgotten, and so is one that arrives again in the replay. A grant known only from the verdict
 * loop is proposed again to the same driver, whose claim holds it, so that its match is written.
 */
public final class AreaMatcher
    extends KeyedCoProcessFunction<String, AreaDriverUpdate, AreaInput, Proposal>
    implements CheckpointedFunction {

  public static final String UID = "area-matcher";

  public static final OutputTag<RideUnmatched> UNMATCHED =
      new OutputTag<>("ride-unmatched", TypeInformation.of(RideUnmatched.class));

  private final double radiusKm;
  private final long outcomeRetentionMs;
  private final OutcomeLog outcomeLog;

  /** Outcomes published after the restored checkpoint, by request, until its area takes them in. */
  private transient Map<String, PublishedOutcome> published;

  /** The areas that have compared their unsettled requests with {@link #published}. */
  private transient Set<String> caughtUp;

  /** Which run of the job this is: 0 for a fresh start, one more at each restore. */
  private transient int run;

  private transient ListState<Integer> runs;
  private transient long watermark;

  /** Drivers by index cell; a cell holds few, so rewriting its array on a move is cheap. */
  private transient MapState<String, IndexedDriver[]> driversByCell;

  /** The index cell of each driver, to find it again when it moves or leaves. */
  private transient MapState<String, String> cellOfDriver;

  /** Requests with a driver proposed, waiting for the verdict. */
  private transient MapState<String, PendingRequest> proposed;

  /** Requests with no driver yet, and how many there are. */
  private transient MapState<String, PendingRequest> waiting;

  private transient ValueState<Integer> waitingCount;

  /**
   * All unsettled requests in one map, as savepoints taken before the split into {@link #proposed}
   * and {@link #waiting} hold them: moved over the first time the area is touched after such a
   * restore, so no request pending at the upgrade is forgotten.
   */
  private transient MapState<String, PendingRequest> pendingBeforeSplit;

  public AreaMatcher(RideMatchingConfig config) {
    this.radiusKm = config.radiusKm();
    // A request is repeated into the job at most this long after its own time.
    this.outcomeRetentionMs = config.dedupeRetention().toMillis();
    this.outcomeLog = OutcomeLog.of(config);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    runs =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("runs", Types.INT));
    // A checkpoint from before runs were counted still starts a new range.
    run = context.isRestored() ? 1 : 0;
    for (Integer earlier : runs.get()) {
      run = Math.max(run, earlier + 1);
    }
    published = new HashMap<>();
    caughtUp = new HashSet<>();
    watermark = Long.MIN_VALUE;
    if (outcomeLog != null) {
      for (PublishedOutcome outcome : outcomeLog.initialize(context)) {
        published.merge(outcome.requestId(), outcome, PublishedOutcome::firmer);
      }
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    runs.update(List.of(run));
    if (outcomeLog == null) {
      return;
    }
    if (watermark > Long.MIN_VALUE) {
      long tooOld = watermark - outcomeRetentionMs;
      published.values().removeIf(outcome -> outcome.at() < tooOld);
    }
    outcomeLog.snapshot(published.values());
  }

  @Override
  public void close() throws Exception {
    if (outcomeLog != null) {
      outcomeLog.close();
    }
    super.close();
  }

  @Override
  public void open(OpenContext openContext) {
    driversByCell =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "drivers-by-cell", Types.STRING, TypeInformation.of(IndexedDriver[].class)));
    cellOfDriver =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("cell-of-driver", Types.STRING, Types.STRING));
    proposed =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "proposed-requests", Types.STRING, TypeInformation.of(PendingRequest.class)));
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "waiting-requests", Types.STRING, TypeInformation.of(PendingRequest.class)));
    waitingCount =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("waiting-request-count", Types.INT));
    pendingBeforeSplit =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-requests", Types.STRING, TypeInformation.of(PendingRequest.class)));
  }

  @Override
  public void processElement1(AreaDriverUpdate update, Context context, Collector<Proposal> out)
      throws Exception {
    takeOverPendingBeforeSplit();
    takeInPublished(context, out);
    String id = update.driver().driverId();
    String oldCell = cellOfDriver.get(id);
    IndexedDriver[] oldCellDrivers = oldCell == null ? null : driversByCell.get(oldCell);
    IndexedDriver previous = oldCell == null ? null : find(oldCellDrivers, id);
    if (update.left()) {
      if (oldCell != null) {
        putCell(oldCell, without(oldCellDrivers, id));
        cellOfDriver.remove(id);
      }
      return;
    }
    long takenSince = previous == null ? IndexedDriver.FREE : previous.takenSince();
    IndexedDriver driver = new IndexedDriver(update.driver(), takenSince);
    String cell = indexCell(update.driver());
    if (cell.equals(oldCell)) {
      // Most moves between two pings stay in the cell: one read and one write of it.
      putCell(cell, with(without(oldCellDrivers, id), driver));
    } else {
      if (oldCell != null) {
        putCell(oldCell, without(oldCellDrivers, id));
      }
      putCell(cell, with(driversByCell.get(cell), driver));
      cellOfDriver.put(id, cell);
    }
    if (waitingCount.value() != null) {
      offerToWaiting(driver, context, out);
    }
  }

  @Override
  public void processElement2(AreaInput input, Context context, Collector<Proposal> out)
      throws Exception {
    takeOverPendingBeforeSplit();
    takeInPublished(context, out);
    if (input.request() != null) {
      onRequest(input.request(), context, out);
    } else {
      onVerdict(input.verdict(), context, out);
    }
  }

  private void onRequest(RideRequest request, Context context, Collector<Proposal> out)
      throws Exception {
    if (proposed.contains(request.requestId()) || waiting.contains(request.requestId())) {
      return; // already being matched here
    }
    PendingRequest fresh = new PendingRequest(request, 0, null, false);
    context.timerService().registerEventTimeTimer(fresh.deadline());
    PublishedOutcome outcome = published.isEmpty() ? null : published.remove(request.requestId());
    if (outcome != null) {
      keepTo(outcome, fresh, context, out);
    } else {
      tryToMatch(fresh, request.ts(), context, out);
    }
  }

  private void onVerdict(ClaimVerdict verdict, Context context, Collector<Proposal> out)
      throws Exception {
    markTaken(verdict.driverId(), verdict.unavailableSince());
    if (verdict.requestId() == null) {
      return; // only news that a driver of this area was matched elsewhere
    }
    PendingRequest request = proposed.get(verdict.requestId());
    if (request == null
        || request.attempt() != verdict.attempt()
        || !verdict.driverId().equals(request.proposedTo())) {
      return; // a repeated or outdated verdict (the topic is at-least-once)
    }
    if (verdict.granted()) {
      proposed.remove(verdict.requestId());
      return;
    }
    // Somebody else got the driver: it was near and fit, so an unmatched end is a TIMEOUT.
    PendingRequest refused = request.waiting(true);
    if (refused.deadline() <= context.timerService().currentWatermark()) {
      settleUnmatched(refused, context);
    } else {
      tryToMatch(refused, Math.max(refused.request().ts(), verdict.ts()), context, out);
    }
  }

  /** Deadlines: every waiting request whose wait is over ends unmatched. */
  @Override
  public void onTimer(long time, OnTimerContext context, Collector<Proposal> out) throws Exception {
    takeOverPendingBeforeSplit();
    takeInPublished(context, out);
    if (waitingCount.value() == null) {
      return; // each request with a proposal out at its deadline is settled by the verdict
    }
    List<PendingRequest> expired = new ArrayList<>();
    for (PendingRequest request : waiting.values()) {
      if (request.deadline() <= time) {
        expired.add(request);
      }
    }
    for (PendingRequest request : expired) {
      settleUnmatched(request, context);
    }
  }

  private void tryToMatch(PendingRequest request, long ts, Context context, Collector<Proposal> out)
      throws Exception {
    Search search = search(request.request());
    if (search.best == null) {
      keepWaiting(request.waiting(search.sawBusyDriver));
    } else {
      propose(request, search.best, ts, context, out);
    }
  }

  private void propose(
      PendingRequest request,
      Candidate candidate,
      long ts,
      Context context,
      Collector<Proposal> out)
      throws Exception {
    PendingRequest proposal = request.proposedTo(candidate.driver().driverId(), run);
    String requestId = request.request().requestId();
    stopWaiting(requestId);
    proposed.put(requestId, proposal);
    out.collect(
        new Proposal(
            context.getCurrentKey(),
            proposal.attempt(),
            request.request(),
            candidate.driver(),
            candidate.distanceKm(),
            candidate.score(),
            ts));
    // Until the verdict is in, no other request of this area should want the same driver.
    markTaken(candidate.driver().driverId(), Math.max(ts, candidate.driver().statusTs()));
  }

  private void settleUnmatched(PendingRequest request, Context context) throws Exception {
    RideRequest ride = request.request();
    UnmatchedReason reason =
        request.sawBusyDriver() ? UnmatchedReason.TIMEOUT : UnmatchedReason.NO_DRIVER_NEARBY;
    context.output(
        UNMATCHED, new RideUnmatched(ride.requestId(), ride.riderId(), reason, request.deadline()));
    proposed.remove(ride.requestId());
    stopWaiting(ride.requestId());
  }

  /**
   * The first time an area is touched after a restore: its unsettled requests with a published
   * outcome keep to it.
   */
  private void takeInPublished(Context context, Collector<Proposal> out) throws Exception {
    watermark = Math.max(watermark, context.timerService().currentWatermark());
    if (published.isEmpty() || !caughtUp.add(context.getCurrentKey())) {
      return;
    }
    Map<PublishedOutcome, PendingRequest> ours = new HashMap<>();
    for (PublishedOutcome outcome : published.values()) {
      PendingRequest request = proposed.get(outcome.requestId());
      if (request == null) {
        request = waiting.get(outcome.requestId());
      }
      if (request != null) {
        ours.put(outcome, request);
      }
    }
    for (Map.Entry<PublishedOutcome, PendingRequest> settled : ours.entrySet()) {
      published.remove(settled.getKey().requestId());
      keepTo(settled.getKey(), settled.getValue(), context, out);
    }
  }

  /**
   * Settles a request the way an earlier run already did. What riders see is final. A grant known
   * only from the verdict loop is proposed again to its driver, whose claim holds it for this
   * request, so the claims write the match; if this area no longer holds the driver, the request is
   * matched afresh (no rider saw that grant).
   */
  private void keepTo(
      PublishedOutcome outcome, PendingRequest request, Context context, Collector<Proposal> out)
      throws Exception {
    String requestId = request.request().requestId();
    if (outcome.isMatch()) {
      markTaken(outcome.driverId(), outcome.at());
    }
    if (outcome.onOutputTopic()) {
      proposed.remove(requestId);
      stopWaiting(requestId);
      return;
    }
    IndexedDriver driver = copyOf(outcome.driverId());
    if (driver != null) {
      propose(
          request,
          MatchScore.candidate(driver.driver(), request.request()),
          Math.max(request.request().ts(), outcome.at()),
          context,
          out);
    } else {
      tryToMatch(request, request.request().ts(), context, out);
    }
  }

  private IndexedDriver copyOf(String driverId) throws Exception {
    String cell = cellOfDriver.get(driverId);
    return cell == null ? null : find(driversByCell.get(cell), driverId);
  }

  private void takeOverPendingBeforeSplit() throws Exception {
    if (pendingBeforeSplit.isEmpty()) {
      return;
    }
    List<PendingRequest> saved = new ArrayList<>();
    pendingBeforeSplit.values().forEach(saved::add);
    pendingBeforeSplit.clear();
    for (PendingRequest request : saved) {
      if (request.proposedTo() == null) {
        keepWaiting(request);
      } else {
        proposed.put(request.request().requestId(), request);
      }
    }
  }

  private void keepWaiting(PendingRequest request) throws Exception {
    String requestId = request.request().requestId();
    proposed.remove(requestId);
    if (!waiting.contains(requestId)) {
      Integer count = waitingCount.value();
      waitingCount.update(count == null ? 1 : count + 1);
    }
    waiting.put(requestId, request);
  }

  private void stopWaiting(String requestId) throws Exception {
    if (!waiting.contains(requestId)) {
      return;
    }
    waiting.remove(requestId);
    int count = waitingCount.value();
    if (count == 1) {
      waitingCount.clear();
    } else {
      waitingCount.update(count - 1);
    }
  }

  /**
   * A driver became known or changed: if it is available it goes to the oldest waiting request it
   * fits; every other waiting request it fits has now seen a driver nearby that was not free.
   */
  private void offerToWaiting(IndexedDriver driver, Context context, Collector<Proposal> out)
      throws Exception {
    List<PendingRequest> fitting = new ArrayList<>();
    for (PendingRequest request : waiting.values()) {
      if (MatchScore.fits(driver.driver(), request.request(), radiusKm)) {
        fitting.add(request);
      }
    }
    if (fitting.isEmpty()) {
      return;
    }
    fitting.sort(
        Comparator.comparingLong((PendingRequest r) -> r.request().ts())
            .thenComparing(r -> r.request().requestId()));
    int first = 0;
    if (driver.isAvailable()) {
      PendingRequest oldest = fitting.get(0);
      Candidate candidate = MatchScore.candidate(driver.driver(), oldest.request());
      long ts = Math.max(oldest.request().ts(), driverTs(driver.driver()));
      propose(oldest, candidate, ts, context, out);
      first = 1;
    }
    for (PendingRequest other : fitting.subList(first, fitting.size())) {
      if (!other.sawBusyDriver()) {
        keepWaiting(other.waiting(true));
      }
    }
  }

  /**
   * The best available driver that fits, looking at the index cells nearest the pickup first and
   * stopping once no driver further away could score higher.
   */
  private Search search(RideRequest request) throws Exception {
    double lat = request.pickupLat();
    double lng = request.pickupLng();
    List<Map.Entry<String, Double>> cells = new ArrayList<>();
    int precision = RideMatchingConfig.INDEX_PRECISION;
    for (String cell : Geohash.cellsWithin(lat, lng, radiusKm, precision)) {
      cells.add(Map.entry(cell, Geohash.distanceToCellKm(lat, lng, cell)));
    }
    cells.sort(Map.Entry.comparingByValue());

    Search search = new Search();
    for (Map.Entry<String, Double> cell : cells) {
      // The 10 m allow for the box distance being a few metres off far from the equator.
      if (search.best != null
          && MatchScore.upperBound(cell.getValue() - 0.01) < search.best.score()) {
        break;
      }
      IndexedDriver[] drivers = driversByCell.get(cell.getKey());
      if (drivers == null) {
        continue;
      }
      for (IndexedDriver driver : drivers) {
        if (!MatchScore.fits(driver.driver(), request, radiusKm)) {
          continue;
        }
        if (!driver.isAvailable()) {
          search.sawBusyDriver = true;
          continue;
        }
        Candidate candidate = MatchScore.candidate(driver.driver(), request);
        if (candidate.beats(search.best)) {
          search.best = candidate;
        }
      }
    }
    return search;
  }

  private static long driverTs(DriverSnapshot driver) {
    return Math.max(driver.positionTs(), driver.statusTs());
  }

  private static String indexCell(DriverSnapshot driver) {
    return Geohash.encode(driver.lat(), driver.lng(), RideMatchingConfig.INDEX_PRECISION);
  }

  private static IndexedDriver find(IndexedDriver[] drivers, String driverId) {
    for (IndexedDriver driver : drivers) {
      if (driver.driver().driverId().equals(driverId)) {
        return driver;
      }
    }
    return null;
  }

  private static IndexedDriver[] without(IndexedDriver[] drivers, String driverId) {
    if (drivers == null) {
      return null;
    }
    List<IndexedDriver> rest = new ArrayList<>(drivers.length);
    for (IndexedDriver driver : drivers) {
      if (!driver.driver().driverId().equals(driverId)) {
        rest.add(driver);
      }
    }
    return rest.toArray(IndexedDriver[]::new);
  }

  private static IndexedDriver[] with(IndexedDriver[] drivers, IndexedDriver driver) {
    IndexedDriver[] grown =
        drivers == null ? new IndexedDriver[1] : Arrays.copyOf(drivers, drivers.length + 1);
    grown[grown.length - 1] = driver;
    return grown;
  }

  private void putCell(String cell, IndexedDriver[] drivers) throws Exception {
    if (drivers.length == 0) {
      driversByCell.remove(cell);
    } else {
      driversByCell.put(cell, drivers);
    }
  }

  /** The area's copy of the driver is taken since {@code since}: one read and one write. */
  private void markTaken(String driverId, long since) throws Exception {
    String cell = cellOfDriver.get(driverId);
    if (cell == null) {
      return;
    }
    IndexedDriver[] drivers = driversByCell.get(cell);
    IndexedDriver driver = find(drivers, driverId);
    putCell(cell, with(without(drivers, driverId), driver.takenSince(since)));
  }

  /** What a search found: the best candidate, if any, and whether a fitting driver was busy. */
  private static final class Search {
    Candidate best;
    boolean sawBusyDriver;
  }
}
