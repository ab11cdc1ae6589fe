package dev.eventplatform.matching;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.matching.MatchScore.Candidate;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.RideUnmatched;
import dev.eventplatform.model.ride.UnmatchedReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
 * verdict. State per area: the drivers in reach (removed when they leave) and the pending requests
 * (removed when settled); a timer per deadline.
 */
public final class AreaMatcher
    extends KeyedCoProcessFunction<String, AreaDriverUpdate, AreaInput, Proposal> {

  public static final String UID = "area-matcher";

  public static final OutputTag<RideUnmatched> UNMATCHED =
      new OutputTag<>("ride-unmatched", TypeInformation.of(RideUnmatched.class));

  private final double radiusKm;

  /** Drivers by index cell; a cell holds few, so rewriting its array on a move is cheap. */
  private transient MapState<String, IndexedDriver[]> driversByCell;

  /** The index cell of each driver, to find it again when it moves or leaves. */
  private transient MapState<String, String> cellOfDriver;

  private transient MapState<String, PendingRequest> pending;

  public AreaMatcher(RideMatchingConfig config) {
    this.radiusKm = config.radiusKm();
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
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-requests", Types.STRING, TypeInformation.of(PendingRequest.class)));
  }

  @Override
  public void processElement1(AreaDriverUpdate update, Context context, Collector<Proposal> out)
      throws Exception {
    IndexedDriver previous = remove(update.driver().driverId());
    if (update.left()) {
      return;
    }
    long takenSince = previous == null ? IndexedDriver.FREE : previous.takenSince();
    IndexedDriver driver = new IndexedDriver(update.driver(), takenSince);
    store(driver);
    if (!pending.isEmpty()) {
      offerToWaiting(driver, context, out);
    }
  }

  @Override
  public void processElement2(AreaInput input, Context context, Collector<Proposal> out)
      throws Exception {
    if (input.request() != null) {
      onRequest(input.request(), context, out);
    } else {
      onVerdict(input.verdict(), context, out);
    }
  }

  private void onRequest(RideRequest request, Context context, Collector<Proposal> out)
      throws Exception {
    if (pending.contains(request.requestId())) {
      return; // already being matched here
    }
    PendingRequest fresh = new PendingRequest(request, 0, null, false);
    context.timerService().registerEventTimeTimer(fresh.deadline());
    tryToMatch(fresh, request.ts(), context, out);
  }

  private void onVerdict(ClaimVerdict verdict, Context context, Collector<Proposal> out)
      throws Exception {
    markTaken(verdict.driverId(), verdict.unavailableSince());
    if (verdict.requestId() == null) {
      return; // only news that a driver of this area was matched elsewhere
    }
    PendingRequest request = pending.get(verdict.requestId());
    if (request == null
        || request.attempt() != verdict.attempt()
        || !verdict.driverId().equals(request.proposedTo())) {
      return; // a repeated or outdated verdict (the topic is at-least-once)
    }
    if (verdict.granted()) {
      pending.remove(verdict.requestId());
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
    List<PendingRequest> expired = new ArrayList<>();
    for (PendingRequest request : pending.values()) {
      if (request.isWaiting() && request.deadline() <= time) {
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
      pending.put(request.request().requestId(), request.waiting(search.sawBusyDriver));
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
    PendingRequest proposed = request.proposedTo(candidate.driver().driverId());
    pending.put(request.request().requestId(), proposed);
    out.collect(
        new Proposal(
            context.getCurrentKey(),
            proposed.attempt(),
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
    pending.remove(ride.requestId());
  }

  /**
   * A driver became known or changed: if it is available it goes to the oldest waiting request it
   * fits; every other waiting request it fits has now seen a driver nearby that was not free.
   */
  private void offerToWaiting(IndexedDriver driver, Context context, Collector<Proposal> out)
      throws Exception {
    List<PendingRequest> fitting = new ArrayList<>();
    for (PendingRequest request : pending.values()) {
      if (request.isWaiting() && MatchScore.fits(driver.driver(), request.request(), radiusKm)) {
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
        pending.put(other.request().requestId(), other.waiting(true));
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

  private void store(IndexedDriver driver) throws Exception {
    String id = driver.driver().driverId();
    String cell =
        Geohash.encode(
            driver.driver().lat(), driver.driver().lng(), RideMatchingConfig.INDEX_PRECISION);
    IndexedDriver[] inCell = driversByCell.get(cell);
    IndexedDriver[] grown =
        inCell == null ? new IndexedDriver[1] : Arrays.copyOf(inCell, inCell.length + 1);
    grown[grown.length - 1] = driver;
    driversByCell.put(cell, grown);
    cellOfDriver.put(id, cell);
  }

  /** Takes a driver out of the index and returns what was known of it, or null. */
  private IndexedDriver remove(String driverId) throws Exception {
    String cell = cellOfDriver.get(driverId);
    if (cell == null) {
      return null;
    }
    cellOfDriver.remove(driverId);
    IndexedDriver[] inCell = driversByCell.get(cell);
    IndexedDriver found = null;
    List<IndexedDriver> rest = new ArrayList<>(inCell.length);
    for (IndexedDriver driver : inCell) {
      if (driver.driver().driverId().equals(driverId)) {
        found = driver;
      } else {
        rest.add(driver);
      }
    }
    if (rest.isEmpty()) {
      driversByCell.remove(cell);
    } else {
      driversByCell.put(cell, rest.toArray(IndexedDriver[]::new));
    }
    return found;
  }

  private void markTaken(String driverId, long since) throws Exception {
    IndexedDriver driver = remove(driverId);
    if (driver != null) {
      store(driver.takenSince(since));
    }
  }

  /** What a search found: the best candidate, if any, and whether a fitting driver was busy. */
  private static final class Search {
    Candidate best;
    boolean sawBusyDriver;
  }
}
