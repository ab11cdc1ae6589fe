package dev.eventplatform.pricing;

import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.RideQuote;
import dev.eventplatform.model.ride.SurgePrice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The surge of one pricing cell: counts its demand on a sliding event-time window, keeps its live
 * supply, publishes one {@link SurgePrice} per slide while the cell is active and quotes every
 * request in it ({@link #QUOTES} side output). Pricing context is broadcast state, applied from the
 * next window end after it arrives.
 *
 * <p>Windows are hand-made rather than Flink's sliding windows, which would copy each request into
 * every window that contains it (ten, by default). Here a request adds one to the count of its
 * slice ({@code size / slide} slices make a window) and a supply change waits in its slice until
 * that slice closes, so each record costs O(1) state access. One event-time timer per slide end
 * closes the window ending there: it applies the slice's supply changes, sums the window's slices,
 * prices the cell and arms the next slide while the cell has demand or supply. State is keyed by
 * slice end, so the several windows that are open when the watermark lags stay apart. A cell with
 * neither demand nor supply at a window end publishes nothing and keeps no state.
 *
 * <p>A quote carries the multiplier of the last window of its cell that ended at or before the
 * request's time (1.0 if there is none: the cell was quiet, or this is its first activity). That
 * window is closed once the watermark passes its end, so a request is quoted on arrival unless it
 * comes within the watermark's lag after a slide boundary; then it waits for that boundary only,
 * never for a window that contains it. A request that arrives after the watermark passed it is
 * quoted at once with the cell's current multiplier.
 */
public final class CellSurge
    extends KeyedBroadcastProcessFunction<String, CellEvent, PricingContext, SurgePrice> {

  public static final String UID = "cell-surge";

  public static final OutputTag<RideQuote> QUOTES =
      new OutputTag<>("ride-quotes", TypeInformation.of(RideQuote.class));

  /** The latest {@code pricing-context} of each area, by area (geohash prefix). */
  public static final MapStateDescriptor<String, PricingContext> CONTEXTS =
      new MapStateDescriptor<>(
          "pricing-context", Types.STRING, TypeInformation.of(PricingContext.class));

  private final SurgePricingConfig config;
  private final long windowMillis;
  private final long slideMillis;
  private final long usualSupplyMillis;

  private transient MapState<Long, Slice> slices;
  private transient ValueState<Cell> cell;
  private transient MapState<Long, Integer> supplySamples;
  private transient ListState<RideQuote> waitingQuotes;
  private transient Counter uncountedRequests;

  /**
   * The requests of one slide and the supply changes not yet applied.
   *
   * @param demand requests whose time falls in the slice
   * @param supplyChange net change of available drivers, applied when the slice closes
   */
  public record Slice(long demand, int supplyChange) {}

  /**
   * What a cell carries from one window to the next.
   *
   * @param supply available drivers as of the last window end
   * @param multiplier the last multiplier published
   * @param supplySampleSum sum of the supply samples of the usual-supply period
   * @param supplySampleCount how many samples that sum holds
   */
  public record Cell(int supply, double multiplier, long supplySampleSum, int supplySampleCount) {
    static final Cell QUIET = new Cell(0, SurgeRules.NO_SURGE, 0, 0);
  }

  public CellSurge(SurgePricingConfig config) {
    this.config = config;
    this.windowMillis = config.window().toMillis();
    this.slideMillis = config.slide().toMillis();
    this.usualSupplyMillis = config.usualSupplyPeriod().toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    slices =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("slices", Types.LONG, TypeInformation.of(Slice.class)));
    cell = getRuntimeContext().getState(new ValueStateDescriptor<>("cell", Cell.class));
    supplySamples =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("supply-samples", Types.LONG, Types.INT));
    waitingQuotes =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("waiting-quotes", RideQuote.class));
    uncountedRequests = getRuntimeContext().getMetricGroup().counter("requestsTooLateForDemand");
  }

  @Override
  public void processElement(CellEvent event, ReadOnlyContext context, Collector<SurgePrice> out)
      throws Exception {
    long watermark = context.timerService().currentWatermark();
    long nextWindowEnd = firstOpenWindowEnd(watermark);
    long sliceEnd = sliceEnd(event.ts());

    if (!event.isRequest()) {
      // A change the watermark already passed still counts, from the next window: supply is a
      // running count and losing a +1 or −1 would leave it wrong for good.
      long due = Math.max(sliceEnd, nextWindowEnd);
      addToSlice(due, 0, event.supplyChange());
      context.timerService().registerEventTimeTimer(due - 1);
      return;
    }

    // The last window holding the request's slice ends a window size (less one slide) after it.
    if (sliceEnd + windowMillis - slideMillis >= nextWindowEnd) {
      addToSlice(sliceEnd, 1, 0);
      context.timerService().registerEventTimeTimer(Math.max(sliceEnd, nextWindowEnd) - 1);
    } else {
      // Every window containing it has closed; it is still quoted.
      uncountedRequests.inc();
    }

    long lastBoundary = sliceEnd - slideMillis;
    if (lastBoundary - 1 <= watermark) {
      context.output(QUOTES, Fares.withMultiplier(event.quote(), currentMultiplier()));
    } else {
      waitingQuotes.add(event.quote());
      context.timerService().registerEventTimeTimer(lastBoundary - 1);
    }
  }

  @Override
  public void processBroadcastElement(
      PricingContext update, Context context, Collector<SurgePrice> out) throws Exception {
    BroadcastState<String, PricingContext> contexts = context.getBroadcastState(CONTEXTS);
    PricingContext known = contexts.get(update.area());
    if (known == null || known.ts() <= update.ts()) {
      contexts.put(update.area(), update);
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext context, Collector<SurgePrice> out)
      throws Exception {
    long end = time + 1;
    if (Math.floorMod(end, slideMillis) == 0) {
      closeWindow(end, context, out);
    }
    releaseQuotes(end, context);
  }

  private void closeWindow(long end, OnTimerContext context, Collector<SurgePrice> out)
      throws Exception {
    Cell before = cell.value() == null ? Cell.QUIET : cell.value();
    Slice closing = slices.get(end);
    int supply = before.supply() + (closing == null ? 0 : closing.supplyChange());
    long demand = 0;
    for (long sliceEnd = end; sliceEnd > end - windowMillis; sliceEnd -= slideMillis) {
      Slice slice = sliceEnd == end ? closing : slices.get(sliceEnd);
      demand += slice == null ? 0 : slice.demand();
    }
    forgetClosedSlices(end, closing);

    if (demand == 0 && supply == 0) {
      // Quiet: nothing to publish, nothing to keep. Later slices, if any, have their own timers.
      cell.clear();
      supplySamples.clear();
      return;
    }

    long sampleSum = before.supplySampleSum() + supply;
    int sampleCount = before.supplySampleCount() + 1;
    supplySamples.put(end, supply);
    Integer expired = supplySamples.get(end - usualSupplyMillis);
    if (expired != null) {
      supplySamples.remove(end - usualSupplyMillis);
      sampleSum -= expired;
      sampleCount--;
    }
    double usualSupply = (double) sampleSum / sampleCount;

    String cellId = context.getCurrentKey();
    ReadOnlyBroadcastState<String, PricingContext> contexts = context.getBroadcastState(CONTEXTS);
    AreaConditions conditions = AreaConditions.of(cellId, contexts::get);
    boolean night = SurgeRules.isNight(end, config.timeZoneOf(cellId));
    Map<String, Double> factors =
        SurgeRules.factors(demand, supply, usualSupply, night, conditions);
    double multiplier =
        SurgeRules.multiplier(
            factors, before.multiplier(), config.multiplierCap(), config.maxStep());

    out.collect(new SurgePrice(cellId, multiplier, demand, supply, factors, end, end));
    cell.update(new Cell(supply, multiplier, sampleSum, sampleCount));
    context.timerService().registerEventTimeTimer(end + slideMillis - 1);
  }

  /** Drops the closing slice's applied supply change, and the slice that leaves the window. */
  private void forgetClosedSlices(long end, Slice closing) throws Exception {
    if (closing != null && closing.supplyChange() != 0) {
      if (closing.demand() == 0) {
        slices.remove(end);
      } else {
        slices.put(end, new Slice(closing.demand(), 0));
      }
    }
    slices.remove(end - windowMillis + slideMillis);
  }

  /** Quotes the waiting requests whose last boundary is {@code end} or earlier. */
  private void releaseQuotes(long end, OnTimerContext context) throws Exception {
    Iterable<RideQuote> waiting = waitingQuotes.get();
    if (waiting == null || !waiting.iterator().hasNext()) {
      return;
    }
    double multiplier = currentMultiplier();
    List<RideQuote> stillWaiting = new ArrayList<>();
    for (RideQuote quote : waiting) {
      if (sliceEnd(quote.ts()) - slideMillis <= end) {
        context.output(QUOTES, Fares.withMultiplier(quote, multiplier));
      } else {
        stillWaiting.add(quote);
      }
    }
    if (stillWaiting.isEmpty()) {
      waitingQuotes.clear();
    } else {
      waitingQuotes.update(stillWaiting);
    }
  }

  private double currentMultiplier() throws Exception {
    Cell current = cell.value();
    return current == null ? SurgeRules.NO_SURGE : current.multiplier();
  }

  private void addToSlice(long sliceEnd, long demand, int supplyChange) throws Exception {
    Slice slice = slices.get(sliceEnd);
    slices.put(
        sliceEnd,
        slice == null
            ? new Slice(demand, supplyChange)
            : new Slice(slice.demand() + demand, slice.supplyChange() + supplyChange));
  }

  /** The end of the slide that contains {@code ts}: slides are aligned to the epoch. */
  private long sliceEnd(long ts) {
    return Math.floorDiv(ts, slideMillis) * slideMillis + slideMillis;
  }

  /** The end of the first window whose timer has not fired at {@code watermark}. */
  private long firstOpenWindowEnd(long watermark) {
    return Math.floorDiv(watermark + 1, slideMillis) * slideMillis + slideMillis;
  }
}
