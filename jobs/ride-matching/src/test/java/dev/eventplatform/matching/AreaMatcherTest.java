package dev.eventplatform.matching;

import static dev.eventplatform.matching.Rides.AREA;
import static dev.eventplatform.matching.Rides.CONFIG;
import static dev.eventplatform.matching.Rides.LAT;
import static dev.eventplatform.matching.Rides.ONE_SECOND;
import static dev.eventplatform.matching.Rides.T0;
import static dev.eventplatform.matching.Rides.THIRTY_SECONDS;
import static dev.eventplatform.matching.Rides.driver;
import static dev.eventplatform.matching.Rides.lngEast;
import static dev.eventplatform.matching.Rides.request;
import static dev.eventplatform.matching.Rides.requestFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.RideUnmatched;
import dev.eventplatform.model.ride.UnmatchedReason;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AreaMatcherTest {

  private KeyedTwoInputStreamOperatorTestHarness<String, AreaDriverUpdate, AreaInput, Proposal>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new AreaMatcher(CONFIG), AreaDriverUpdate::area, AreaInput::area, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void proposesTheBestScoringDriverTheMomentTheRequestArrives() throws Exception {
    arrive(driver("near-poor", 0.5, 3.0, T0));
    arrive(driver("far-good", 3.0, 5.0, T0));
    arrive(driver("middle", 1.5, 4.0, T0));

    ask(request("r1", T0 + ONE_SECOND));

    // near-poor 1.767, far-good 1.95, middle 0.4 + 1.2 + 0.2 = 1.8
    Proposal proposal = onlyProposal();
    assertThat(proposal.driver().driverId()).isEqualTo("far-good");
    assertThat(proposal.attempt()).isEqualTo(1);
    assertThat(proposal.distanceKm()).isCloseTo(3.0, within(0.01));
    assertThat(proposal.score()).isEqualTo(MatchScore.of(proposal.distanceKm(), 5.0, ONE_SECOND));
    assertThat(proposal.ts()).isEqualTo(T0 + ONE_SECOND);
  }

  @Test
  void onlyAvailableDriversOfTheTypeWithinTheRadiusAreCandidates() throws Exception {
    arrive(driver("too-far", LAT, lngEast(5.5), DriverState.AVAILABLE, "ECONOMY", 5.0, T0));
    arrive(driver("busy", LAT, lngEast(0.2), DriverState.BUSY, "ECONOMY", 5.0, T0));
    arrive(driver("wrong-type", LAT, lngEast(0.2), DriverState.AVAILABLE, "XL", 5.0, T0));
    arrive(driver("gone", LAT, lngEast(0.1), DriverState.AVAILABLE, "ECONOMY", 5.0, T0));
    leave("gone");
    arrive(driver("fits", LAT, lngEast(4.5), DriverState.AVAILABLE, "ECONOMY", 1.0, T0));

    ask(requestFor("r1", "ECONOMY", T0 + ONE_SECOND));

    assertThat(onlyProposal().driver().driverId()).isEqualTo("fits");
  }

  @Test
  void aRequestWithoutVehicleTypeTakesAnyType() throws Exception {
    arrive(driver("xl", LAT, lngEast(0.2), DriverState.AVAILABLE, "XL", 4.0, T0));
    ask(request("r1", T0));
    assertThat(onlyProposal().driver().driverId()).isEqualTo("xl");
  }

  @Test
  void aWaitingRequestIsMatchedWhenADriverBecomesAvailable() throws Exception {
    arrive(driver("busy", LAT, lngEast(1.0), DriverState.BUSY, "ECONOMY", 4.0, T0));
    ask(request("r1", T0 + ONE_SECOND));
    harness.processBothWatermarks(new Watermark(T0 + 10 * ONE_SECOND));
    assertThat(harness.extractOutputValues()).isEmpty();

    arrive(
        driver(
            "busy",
            LAT,
            lngEast(1.0),
            DriverState.AVAILABLE,
            "ECONOMY",
            4.0,
            T0 + 12 * ONE_SECOND));

    Proposal proposal = onlyProposal();
    assertThat(proposal.driver().driverId()).isEqualTo("busy");
    assertThat(proposal.request().requestId()).isEqualTo("r1");
    assertThat(proposal.ts()).isEqualTo(T0 + 12 * ONE_SECOND);
  }

  @Test
  void theOldestWaitingRequestGetsADriverThatAppears() throws Exception {
    ask(request("later", T0 + 2 * ONE_SECOND));
    ask(request("earlier", T0 + ONE_SECOND));

    arrive(driver("d1", 1.0, 4.0, T0 + 3 * ONE_SECOND));

    assertThat(onlyProposal().request().requestId()).isEqualTo("earlier");
  }

  @Test
  void endsAsNoDriverNearbyWhenNoFittingDriverCameWithinTheRadius() throws Exception {
    arrive(driver("far", LAT, lngEast(7.0), DriverState.AVAILABLE, "ECONOMY", 5.0, T0));
    arrive(driver("xl", LAT, lngEast(1.0), DriverState.BUSY, "XL", 5.0, T0));
    ask(requestFor("r1", "ECONOMY", T0));

    harness.processBothWatermarks(new Watermark(T0 + THIRTY_SECONDS - 1));
    assertThat(unmatched()).isEmpty();
    harness.processBothWatermarks(new Watermark(T0 + THIRTY_SECONDS));

    assertThat(unmatched())
        .containsExactly(
            new RideUnmatched(
                "r1", "rider-r1", UnmatchedReason.NO_DRIVER_NEARBY, T0 + THIRTY_SECONDS));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void endsAsTimeoutWhenFittingDriversWereAllBusy() throws Exception {
    arrive(driver("busy", LAT, lngEast(1.0), DriverState.BUSY, "ECONOMY", 4.0, T0));
    RideRequest impatient =
        new RideRequest("r1", "rider-r1", LAT, Rides.LNG, LAT, Rides.LNG, T0, null, 5_000L);
    ask(impatient);

    harness.processBothWatermarks(new Watermark(T0 + 5_000));

    assertThat(unmatched())
        .containsExactly(new RideUnmatched("r1", "rider-r1", UnmatchedReason.TIMEOUT, T0 + 5_000));
  }

  @Test
  void aBusyDriverPassingByWhileTheRequestWaitsMakesItATimeout() throws Exception {
    ask(request("r1", T0));
    arrive(driver("passing", LAT, lngEast(2.0), DriverState.BUSY, "ECONOMY", 4.0, T0 + ONE_SECOND));
    leave("passing");

    harness.processBothWatermarks(new Watermark(T0 + THIRTY_SECONDS));

    assertThat(unmatched())
        .extracting(RideUnmatched::reason)
        .containsExactly(UnmatchedReason.TIMEOUT);
  }

  @Test
  void twoRequestsOfOneAreaAreNotProposedTheSameDriver() throws Exception {
    arrive(driver("only", 1.0, 4.0, T0));

    ask(request("r1", T0));
    ask(request("r2", T0 + ONE_SECOND));

    assertThat(onlyProposal().request().requestId()).isEqualTo("r1");
  }

  @Test
  void aRefusedProposalMovesOnToTheNextBestDriver() throws Exception {
    arrive(driver("best", 0.5, 5.0, T0));
    arrive(driver("second", 2.0, 4.0, T0));
    ask(request("r1", T0 + ONE_SECOND));
    assertThat(onlyProposal().driver().driverId()).isEqualTo("best");
    harness.getOutput().clear();

    answer(new ClaimVerdict(AREA, "best", T0, "r1", 1, false, T0 + ONE_SECOND));

    Proposal retry = onlyProposal();
    assertThat(retry.driver().driverId()).isEqualTo("second");
    assertThat(retry.attempt()).isEqualTo(2);
    harness.getOutput().clear();

    // The at-least-once topic may repeat the first verdict: it must change nothing.
    answer(new ClaimVerdict(AREA, "best", T0, "r1", 1, false, T0 + ONE_SECOND));
    assertThat(harness.extractOutputValues()).isEmpty();

    answer(new ClaimVerdict(AREA, "second", T0 + ONE_SECOND, "r1", 2, true, T0 + ONE_SECOND));
    harness.processBothWatermarks(new Watermark(T0 + 2 * THIRTY_SECONDS));
    assertThat(unmatched()).isEmpty();
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aRefusalAfterTheDeadlineEndsTheRequestAsTimeout() throws Exception {
    arrive(driver("d1", 0.5, 5.0, T0));
    ask(request("r1", T0));
    harness.processBothWatermarks(new Watermark(T0 + THIRTY_SECONDS));
    assertThat(unmatched()).isEmpty(); // its proposal is still out

    answer(new ClaimVerdict(AREA, "d1", T0 - ONE_SECOND, "r1", 1, false, T0));

    assertThat(unmatched())
        .extracting(RideUnmatched::reason)
        .containsExactly(UnmatchedReason.TIMEOUT);
  }

  @Test
  void aDriverTakenElsewhereIsSkippedUntilALaterAvailable() throws Exception {
    arrive(driver("taken", 0.5, 5.0, T0));
    arrive(driver("other", 2.0, 4.0, T0));

    answer(new ClaimVerdict(AREA, "taken", T0 + ONE_SECOND, null, 0, false, T0 + ONE_SECOND));
    ask(request("r1", T0 + 2 * ONE_SECOND));
    assertThat(onlyProposal().driver().driverId()).isEqualTo("other");
    harness.getOutput().clear();

    // A position update alone does not free it ...
    arrive(
        new DriverSnapshot(
            "taken",
            LAT,
            lngEast(0.4),
            T0 + 3 * ONE_SECOND,
            DriverState.AVAILABLE,
            "ECONOMY",
            5.0,
            T0));
    ask(request("r2", T0 + 4 * ONE_SECOND));
    assertThat(harness.extractOutputValues()).isEmpty();

    // ... an AVAILABLE later than the match does, and the waiting request gets it.
    arrive(driver("taken", 0.4, 5.0, T0 + 5 * ONE_SECOND));
    assertThat(onlyProposal().request().requestId()).isEqualTo("r2");
  }

  @Test
  void keepsNoStateOnceDriversLeftAndRequestsEnded() throws Exception {
    arrive(driver("d1", 0.5, 5.0, T0));
    ask(request("r1", T0));
    ask(request("r2", T0));
    answer(new ClaimVerdict(AREA, "d1", T0, "r1", 1, true, T0));
    leave("d1");
    harness.processBothWatermarks(new Watermark(T0 + THIRTY_SECONDS));

    assertThat(unmatched()).extracting(RideUnmatched::requestId).containsExactly("r2");
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void requestsPendingInASavepointFromBeforeTheWaitingSplitAreCarriedOver() throws Exception {
    RideRequest waiting = request("waiting", T0);
    RideRequest proposed = request("proposed", T0);
    OperatorSubtaskState savepoint;
    try (var before =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new PendingRequestsBeforeTheSplit(), (String area) -> area, Types.STRING)) {
      PendingRequestsBeforeTheSplit.saved =
          List.of(
              new PendingRequest(waiting, 0, null, false),
              new PendingRequest(proposed, 1, "d1", false));
      before.processElement(AREA, T0);
      savepoint = before.snapshot(1, T0);
    }
    harness.close();
    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new AreaMatcher(CONFIG)),
            AreaDriverUpdate::area,
            AreaInput::area,
            Types.STRING);
    harness.setup();
    harness.initializeState(savepoint);
    harness.open();

    answer(new ClaimVerdict(AREA, "d1", T0, "proposed", 1, true, T0 + ONE_SECOND));
    arrive(driver("d2", 0.5, 4.0, T0 + ONE_SECOND));

    Proposal proposal = onlyProposal();
    assertThat(proposal.request().requestId()).isEqualTo("waiting");
    answer(new ClaimVerdict(AREA, "d2", T0, "waiting", proposal.attempt(), true, T0 + ONE_SECOND));
    assertThat(harness.numKeyedStateEntries())
        .as("only d2's cell and its index entry are left once both requests are settled")
        .isEqualTo(2);
  }

  /** Writes unsettled requests the way AreaMatcher kept them before the split. */
  private static final class PendingRequestsBeforeTheSplit
      extends KeyedProcessFunction<String, String, Void> {
    static List<PendingRequest> saved;

    @Override
    public void processElement(String area, Context context, Collector<Void> out) throws Exception {
      MapState<String, PendingRequest> pending =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "pending-requests", Types.STRING, TypeInformation.of(PendingRequest.class)));
      for (PendingRequest request : saved) {
        pending.put(request.request().requestId(), request);
      }
    }
  }

  private void arrive(DriverSnapshot driver) throws Exception {
    harness.processElement1(
        new StreamRecord<>(new AreaDriverUpdate(AREA, driver, false), driver.positionTs()));
  }

  private void leave(String driverId) throws Exception {
    harness.processElement1(
        new StreamRecord<>(
            new AreaDriverUpdate(AREA, DriverSnapshot.departed(driverId), true), T0));
  }

  private void ask(RideRequest request) throws Exception {
    harness.processElement2(new StreamRecord<>(AreaInput.request(AREA, request), request.ts()));
  }

  private void answer(ClaimVerdict verdict) throws Exception {
    harness.processElement2(new StreamRecord<>(AreaInput.verdict(verdict), verdict.ts()));
  }

  private Proposal onlyProposal() {
    List<Proposal> proposals = harness.extractOutputValues();
    assertThat(proposals).hasSize(1);
    return proposals.get(0);
  }

  private List<RideUnmatched> unmatched() {
    return harness.getSideOutput(AreaMatcher.UNMATCHED) == null
        ? List.of()
        : harness.getSideOutput(AreaMatcher.UNMATCHED).stream()
            .map(StreamRecord::getValue)
            .toList();
  }
}
