package dev.eventplatform.pricing;

import static dev.eventplatform.pricing.Rides.BASE_PRICE;
import static dev.eventplatform.pricing.Rides.FIVE_MINUTES;
import static dev.eventplatform.pricing.Rides.ONE_MINUTE;
import static dev.eventplatform.pricing.Rides.ONE_SECOND;
import static dev.eventplatform.pricing.Rides.SLIDE;
import static dev.eventplatform.pricing.Rides.T0;
import static dev.eventplatform.pricing.Rides.config;
import static dev.eventplatform.pricing.Rides.context;
import static dev.eventplatform.pricing.Rides.driverLeaves;
import static dev.eventplatform.pricing.Rides.driversArrive;
import static dev.eventplatform.pricing.Rides.requestIn;
import static dev.eventplatform.pricing.Rides.weather;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.RideQuote;
import dev.eventplatform.model.ride.SurgePrice;
import dev.eventplatform.model.ride.Weather;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CellSurgeTest {

  /** Cells as plain keys: two under the prefix {@code u0qj}, one outside it. */
  private static final String CELL = "u0qjd2";

  private static final String SAME_AREA = "u0qjzz";
  private static final String ELSEWHERE = "u0m7bc";
  private static final String SAN_FRANCISCO = "9q8yyk";

  private KeyedBroadcastOperatorTestHarness<String, CellEvent, PricingContext, SurgePrice> harness;

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  // ---- windows and state

  @Test
  void aCellGetsOneRecordPerSlideWhileItsWindowHoldsDemandThenNone() throws Exception {
    open();
    send(requestIn(CELL, "r1", T0 + ONE_SECOND));
    watermark(T0 + 10 * ONE_MINUTE);

    // The request's slide ends at T0+30s; the ten 5-minute windows that contain it end there to
    // T0+5min.
    assertThat(prices())
        .extracting(SurgePrice::windowEnd)
        .containsExactlyElementsOf(slideEnds(T0 + SLIDE, T0 + FIVE_MINUTES));
    assertThat(prices())
        .allSatisfy(
            price -> {
              assertThat(price.cell()).isEqualTo(CELL);
              assertThat(price.demand()).isEqualTo(1);
              assertThat(price.supply()).isZero();
              assertThat(price.ts()).isEqualTo(price.windowEnd());
            });
  }

  @Test
  void aCellThatWentQuietKeepsNoStateOrTimers() throws Exception {
    open();
    send(driversArrive(CELL, T0), driversArrive(CELL, T0));
    send(requestIn(CELL, "r1", T0 + ONE_SECOND), requestIn(CELL, "r2", T0 + 2 * ONE_SECOND));
    send(driverLeaves(CELL, T0 + ONE_MINUTE), driverLeaves(CELL, T0 + ONE_MINUTE));
    watermark(T0 + 10 * ONE_MINUTE);

    assertThat(prices())
        .last()
        .satisfies(price -> assertThat(price.windowEnd()).isEqualTo(T0 + FIVE_MINUTES));
    assertThat(quotes()).hasSize(2);
    assertThat(keyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void windowsStayApartWhenTheWatermarkLagsFarBehind() throws Exception {
    open();
    send(requestIn(CELL, "r1", T0 + ONE_SECOND));
    send(
        requestIn(CELL, "r2", T0 + 6 * ONE_MINUTE + ONE_SECOND),
        requestIn(CELL, "r3", T0 + 6 * ONE_MINUTE + 2 * ONE_SECOND));
    watermark(T0 + 20 * ONE_MINUTE);

    assertThat(price(CELL, T0 + FIVE_MINUTES).demand()).isEqualTo(1);
    // Between the two bursts the cell was quiet: no record for T0+5.5min .. T0+6min.
    assertThat(prices())
        .noneMatch(
            p -> p.windowEnd() > T0 + FIVE_MINUTES && p.windowEnd() < T0 + 6 * ONE_MINUTE + SLIDE);
    assertThat(price(CELL, T0 + 6 * ONE_MINUTE + SLIDE).demand()).isEqualTo(2);
    assertThat(price(CELL, T0 + 11 * ONE_MINUTE).demand()).isEqualTo(2);
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void supplyIsCountedAsOfTheWindowEnd() throws Exception {
    open();
    send(driversArrive(CELL, T0 + SLIDE - 1), driversArrive(CELL, T0 + SLIDE));
    watermark(T0 + 2 * SLIDE - 1);

    assertThat(price(CELL, T0 + SLIDE).supply()).isEqualTo(1);
    assertThat(price(CELL, T0 + 2 * SLIDE).supply()).isEqualTo(2);
  }

  @Test
  void aSupplyChangeThatComesAfterItsWindowClosedCountsFromTheNextWindow() throws Exception {
    open();
    send(driversArrive(CELL, T0 - ONE_MINUTE), driversArrive(CELL, T0 - ONE_MINUTE));
    watermark(T0 + 2 * SLIDE - 1);
    assertThat(price(CELL, T0 + 2 * SLIDE).supply()).isEqualTo(2);

    send(driverLeaves(CELL, T0 + 10 * ONE_SECOND));
    watermark(T0 + 3 * SLIDE - 1);

    assertThat(price(CELL, T0 + 3 * SLIDE).supply()).isEqualTo(1);
  }

  // ---- the rules

  @Test
  void demandAboveOneAndAHalfRequestsPerDriverRaisesTheCellByOneAndAHalf() throws Exception {
    open();
    send(driversArrive(CELL, T0 - ONE_MINUTE), driversArrive(CELL, T0 - ONE_MINUTE));
    send(requests(CELL, 4, T0 + ONE_SECOND));
    watermark(T0 + SLIDE - 1);

    assertThat(price(CELL, T0).multiplier()).isEqualTo(1.0);
    SurgePrice spike = price(CELL, T0 + SLIDE);
    assertThat(spike.demand()).isEqualTo(4);
    assertThat(spike.supply()).isEqualTo(2);
    assertThat(spike.factors()).containsExactly(entry("demand", 1.5));
    assertThat(spike.multiplier()).isEqualTo(1.5);
  }

  @Test
  void demandAboveOnePointTwoRequestsPerDriverRaisesTheCellByOnePointTwo() throws Exception {
    open();
    send(driversArrive(CELL, T0 - ONE_MINUTE), driversArrive(CELL, T0 - ONE_MINUTE));
    send(driversArrive(CELL, T0 - ONE_MINUTE), driversArrive(CELL, T0 - ONE_MINUTE));
    send(requests(CELL, 5, T0 + ONE_SECOND));
    watermark(T0 + SLIDE - 1);

    assertThat(price(CELL, T0 + SLIDE).factors()).containsExactly(entry("demand", 1.2));
    assertThat(price(CELL, T0 + SLIDE).multiplier()).isEqualTo(1.2);
  }

  @Test
  void supplyFarBelowItsUsualLevelRaisesTheCellUntilItBecomesUsual() throws Exception {
    open();
    for (int i = 0; i < 10; i++) {
      send(
          driversArrive(CELL, T0 - 30 * ONE_MINUTE),
          driversArrive(SAME_AREA, T0 - 30 * ONE_MINUTE));
    }
    for (int i = 0; i < 6; i++) {
      send(driverLeaves(CELL, T0));
    }
    for (int i = 0; i < 3; i++) {
      send(driverLeaves(SAME_AREA, T0));
    }
    watermark(T0 + 70 * ONE_MINUTE);

    assertThat(price(CELL, T0).factors()).isEmpty();
    // 4 drivers against an hour that averaged about 9.9: below half.
    assertThat(price(CELL, T0 + SLIDE).factors()).containsExactly(entry("supply", 1.3));
    // 7 against about 9.95: below 80 %.
    assertThat(price(SAME_AREA, T0 + SLIDE).factors()).containsExactly(entry("supply", 1.1));
    // Half an hour later the usual level averages 10 and 4 over the hour: 7; 4 is still below 80 %.
    assertThat(price(CELL, T0 + 30 * ONE_MINUTE).factors()).containsExactly(entry("supply", 1.1));
    // After an hour at 4 drivers, 4 is the usual.
    assertThat(price(CELL, T0 + 61 * ONE_MINUTE).factors()).isEmpty();
    assertThat(price(CELL, T0 + 61 * ONE_MINUTE).multiplier()).isEqualTo(1.0);
  }

  @Test
  void nightIsReckonedInTheCellsTimeZone() throws Exception {
    open("--time-zone.u0", "Europe/Zurich");
    long ninePmUtc = Instant.parse("2026-01-01T21:00:00Z").toEpochMilli();
    send(
        driversArrive(CELL, ninePmUtc - ONE_MINUTE),
        driversArrive(SAN_FRANCISCO, ninePmUtc - ONE_MINUTE));
    watermark(ninePmUtc - 1);

    // 21:59:30 in Zurich, then 22:00: night begins.
    assertThat(price(CELL, ninePmUtc - SLIDE).factors()).isEmpty();
    assertThat(price(CELL, ninePmUtc).factors()).containsExactly(entry("night", 1.2));
    assertThat(price(CELL, ninePmUtc).multiplier()).isEqualTo(1.2);
    // The other cell keeps the default zone, UTC: 21:00 is not night.
    assertThat(price(SAN_FRANCISCO, ninePmUtc).factors()).isEmpty();
  }

  @Test
  void rainOverAnAreaRaisesEveryCellUnderItAndNoOther() throws Exception {
    open();
    broadcast(weather("u0qj", Weather.RAIN, T0 - 2 * ONE_MINUTE));
    send(
        driversArrive(CELL, T0 - ONE_MINUTE),
        driversArrive(SAME_AREA, T0 - ONE_MINUTE),
        driversArrive(ELSEWHERE, T0 - ONE_MINUTE));
    watermark(T0 - 1);

    assertThat(price(CELL, T0).factors()).containsExactly(entry("rain", 1.3));
    assertThat(price(CELL, T0).multiplier()).isEqualTo(1.3);
    assertThat(price(SAME_AREA, T0).multiplier()).isEqualTo(1.3);
    assertThat(price(ELSEWHERE, T0).factors()).isEmpty();
    assertThat(price(ELSEWHERE, T0).multiplier()).isEqualTo(1.0);
  }

  @Test
  void theLongestCoveringAreaWins() throws Exception {
    open();
    broadcast(weather("", Weather.RAIN, T0 - 2 * ONE_MINUTE));
    broadcast(weather("u0qj", Weather.CLEAR, T0 - 2 * ONE_MINUTE));
    send(driversArrive(CELL, T0 - ONE_MINUTE), driversArrive(ELSEWHERE, T0 - ONE_MINUTE));
    watermark(T0 - 1);

    assertThat(price(CELL, T0).factors()).isEmpty();
    assertThat(price(ELSEWHERE, T0).factors()).containsExactly(entry("rain", 1.3));
  }

  @Test
  void anOlderContextForAnAreaDoesNotReplaceANewerOne() throws Exception {
    open();
    broadcast(weather("u0qj", Weather.RAIN, T0 - ONE_MINUTE));
    broadcast(weather("u0qj", Weather.CLEAR, T0 - 2 * ONE_MINUTE));
    send(driversArrive(CELL, T0 - ONE_MINUTE));
    watermark(T0 - 1);

    assertThat(price(CELL, T0).factors()).containsExactly(entry("rain", 1.3));
  }

  @Test
  void aContextChangeAppliesFromTheNextWindowEnd() throws Exception {
    open();
    send(driversArrive(CELL, T0 - ONE_MINUTE));
    watermark(T0 - 1);
    assertThat(price(CELL, T0).factors()).isEmpty();

    broadcast(weather("u0qj", Weather.SNOW, T0 + ONE_SECOND));
    watermark(T0 + SLIDE - 1);

    assertThat(price(CELL, T0 + SLIDE).factors()).containsExactly(entry("snow", 1.3));
  }

  @Test
  void concertsSportsAndHeavyTrafficRaiseTheCellsTheyCover() throws Exception {
    open("--multiplier.max-step", "5");
    broadcast(
        context("u0qj", null, List.of("concert", "sports", "marathon"), 0.8, T0 - 2 * ONE_MINUTE));
    send(driversArrive(CELL, T0 - ONE_MINUTE));
    watermark(T0 - 1);

    assertThat(price(CELL, T0).factors())
        .containsOnly(entry("concert", 1.4), entry("sports", 1.4), entry("traffic", 1.2));
    assertThat(price(CELL, T0).multiplier()).isEqualTo(2.35);
  }

  @Test
  void theMultiplierIsCapped() throws Exception {
    open("--multiplier.max-step", "5");
    broadcast(
        context("u0qj", Weather.RAIN, List.of("concert", "sports"), 0.8, T0 - 2 * ONE_MINUTE));
    send(driversArrive(CELL, T0 - ONE_MINUTE));
    send(requests(CELL, 4, T0 + ONE_SECOND));
    watermark(T0 + SLIDE - 1);

    // 1.5 × 1.3 × 1.4 × 1.4 × 1.2 = 4.59, capped at 3.
    assertThat(price(CELL, T0 + SLIDE).factors()).hasSize(5);
    assertThat(price(CELL, T0 + SLIDE).multiplier()).isEqualTo(3.0);
  }

  @Test
  void plentyOfDriversIsNoDiscount() throws Exception {
    open();
    for (int i = 0; i < 10; i++) {
      send(driversArrive(CELL, T0 - ONE_MINUTE));
    }
    send(requestIn(CELL, "r1", T0 + ONE_SECOND));
    watermark(T0 + SLIDE - 1);

    assertThat(price(CELL, T0 + SLIDE).factors()).isEmpty();
    assertThat(price(CELL, T0 + SLIDE).multiplier()).isEqualTo(1.0);
  }

  @Test
  void theMultiplierMovesAtMostOneStepPerSlide() throws Exception {
    open();
    // Rain, a concert and a match: 1.3 × 1.4 × 1.4 = 2.548.
    broadcast(
        context("u0qj", Weather.RAIN, List.of("concert", "sports"), null, T0 - 2 * ONE_MINUTE));
    send(driversArrive(CELL, T0 - ONE_MINUTE));
    watermark(T0 + 2 * SLIDE - 1);
    broadcast(context("u0qj", Weather.CLEAR, List.of(), null, T0 + 2 * SLIDE));
    watermark(T0 + 6 * SLIDE - 1);

    assertThat(prices())
        .extracting(SurgePrice::multiplier)
        .containsExactly(1.5, 2.0, 2.5, 2.55, 2.05, 1.55, 1.05, 1.0);
  }

  // ---- quotes

  @Test
  void aRequestBeforeItsCellsFirstWindowClosesIsQuotedAtOnceAtOne() throws Exception {
    open();
    watermark(T0 + 5 * ONE_SECOND);

    send(requestIn(CELL, "r1", T0 + 10 * ONE_SECOND));

    assertThat(quotes())
        .singleElement()
        .satisfies(
            quote -> {
              assertThat(quote.requestId()).isEqualTo("r1");
              assertThat(quote.multiplier()).isEqualTo(1.0);
              assertThat(quote.price()).isEqualTo(BASE_PRICE);
            });
  }

  @Test
  void aQuoteCarriesTheMultiplierOfTheLastWindowThatEndedBeforeItsRequest() throws Exception {
    open();
    send(driversArrive(CELL, T0 - ONE_MINUTE), driversArrive(CELL, T0 - ONE_MINUTE));
    watermark(T0 - 1);
    send(requests(CELL, 4, T0 + ONE_SECOND));
    // Their window (ending T0+30s) is not closed: they carry the multiplier of the one ending at
    // T0.
    assertThat(quotes())
        .hasSize(4)
        .allSatisfy(quote -> assertThat(quote.multiplier()).isEqualTo(1.0));

    send(requestIn(CELL, "after-spike", T0 + SLIDE + ONE_SECOND));
    assertThat(quotes()).hasSize(4);

    watermark(T0 + SLIDE - 1);

    assertThat(price(CELL, T0 + SLIDE).multiplier()).isEqualTo(1.5);
    assertThat(quotes())
        .hasSize(5)
        .last()
        .satisfies(
            quote -> {
              assertThat(quote.requestId()).isEqualTo("after-spike");
              assertThat(quote.multiplier()).isEqualTo(1.5);
              assertThat(quote.price()).isEqualTo(15.0);
            });
  }

  @Test
  void aRequestTheWatermarkPassedIsQuotedAtOnceAtTheCurrentMultiplierAndStillCounts()
      throws Exception {
    open();
    send(driversArrive(CELL, T0 - ONE_MINUTE), driversArrive(CELL, T0 - ONE_MINUTE));
    send(requests(CELL, 4, T0 + ONE_SECOND));
    watermark(T0 + SLIDE);

    send(requestIn(CELL, "late", T0 + 10 * ONE_SECOND));

    assertThat(quotes())
        .last()
        .satisfies(
            quote -> {
              assertThat(quote.requestId()).isEqualTo("late");
              assertThat(quote.multiplier()).isEqualTo(1.5);
            });
    watermark(T0 + 2 * SLIDE - 1);
    assertThat(price(CELL, T0 + 2 * SLIDE).demand()).isEqualTo(5);
  }

  @Test
  void everyRequestGetsExactlyOneQuote() throws Exception {
    open();
    Random random = new Random(3);
    List<CellEvent> events = new ArrayList<>();
    String[] cells = {CELL, SAME_AREA, ELSEWHERE};
    for (int i = 0; i < 300; i++) {
      long ts = T0 + i * 2 * ONE_SECOND;
      events.add(requestIn(cells[random.nextInt(cells.length)], "r" + i, ts));
      if (i % 10 == 0) {
        events.add(driversArrive(cells[random.nextInt(cells.length)], ts));
      }
    }
    // Shuffle within blocks of 10 (20 s), and move event time along as a source would.
    for (int block = 0; block < events.size(); block += 10) {
      List<CellEvent> part =
          new ArrayList<>(events.subList(block, Math.min(block + 10, events.size())));
      Collections.shuffle(part, random);
      send(part.toArray(CellEvent[]::new));
      watermark(part.stream().mapToLong(CellEvent::ts).min().orElseThrow() - 2 * ONE_SECOND);
    }
    watermark(T0 + 3 * 60 * ONE_MINUTE);

    assertThat(quotes()).hasSize(300);
    assertThat(quotes()).extracting(RideQuote::requestId).doesNotHaveDuplicates();
  }

  // ---- helpers

  private void open(String... settings) throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new CellSurge(config(settings)), CellEvent::cell, Types.STRING, CellSurge.CONTEXTS);
  }

  private void send(CellEvent... events) throws Exception {
    for (CellEvent event : events) {
      harness.processElement(new StreamRecord<>(event, event.ts()));
    }
  }

  private void broadcast(PricingContext context) throws Exception {
    harness.processBroadcastElement(new StreamRecord<>(context, context.ts()));
  }

  private void watermark(long time) throws Exception {
    harness.watermark(time);
  }

  private static CellEvent[] requests(String cell, int count, long from) {
    CellEvent[] requests = new CellEvent[count];
    for (int i = 0; i < count; i++) {
      requests[i] = requestIn(cell, cell + "-r" + i, from + i * ONE_SECOND);
    }
    return requests;
  }

  private List<SurgePrice> prices() {
    return harness.extractOutputValues();
  }

  private SurgePrice price(String cell, long windowEnd) {
    return prices().stream()
        .filter(price -> price.cell().equals(cell) && price.windowEnd() == windowEnd)
        .reduce(
            (a, b) -> {
              throw new AssertionError("two records for " + cell + " at " + windowEnd);
            })
        .orElseThrow(
            () ->
                new AssertionError(
                    "no record for " + cell + " at " + Instant.ofEpochMilli(windowEnd)));
  }

  private List<RideQuote> quotes() {
    return harness.getSideOutput(CellSurge.QUOTES).stream().map(StreamRecord::getValue).toList();
  }

  private int keyedStateEntries() {
    return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  private static List<Long> slideEnds(long first, long last) {
    List<Long> ends = new ArrayList<>();
    for (long end = first; end <= last; end += SLIDE) {
      ends.add(end);
    }
    return ends;
  }
}
