package dev.eventplatform.matching;

import static dev.eventplatform.matching.Rides.AREA;
import static dev.eventplatform.matching.Rides.CONFIG;
import static dev.eventplatform.matching.Rides.ONE_SECOND;
import static dev.eventplatform.matching.Rides.T0;
import static dev.eventplatform.matching.Rides.driver;
import static dev.eventplatform.matching.Rides.request;
import static dev.eventplatform.matching.Rides.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideMatch;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriverClaimsTest {

  private KeyedTwoInputStreamOperatorTestHarness<String, Proposal, DriverStatus, RideMatch> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new DriverClaims(CONFIG),
            p -> p.driver().driverId(),
            DriverStatus::driverId,
            Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void ofTwoRequestsWantingOneDriverTheFirstGetsItAndTheSecondIsRefused() throws Exception {
    propose("r1", 1, T0 + ONE_SECOND);
    propose("r2", 1, T0 + 2 * ONE_SECOND);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            match -> {
              assertThat(match.requestId()).isEqualTo("r1");
              assertThat(match.driverId()).isEqualTo("d1");
              assertThat(match.requestTs()).isEqualTo(T0 + ONE_SECOND);
              assertThat(match.ts()).isEqualTo(T0 + ONE_SECOND);
            });
    assertThat(answers())
        .containsExactly(
            new ClaimVerdict(AREA, "d1", T0 + ONE_SECOND, "r1", 1, true, T0 + ONE_SECOND),
            new ClaimVerdict(AREA, "d1", T0 + ONE_SECOND, "r2", 1, false, T0 + 2 * ONE_SECOND));
  }

  @Test
  void aMatchedDriverIsFreeOnlyAfterAnAvailableLaterThanTheMatch() throws Exception {
    propose("r1", 1, T0 + 10 * ONE_SECOND);
    statusOf(DriverState.AVAILABLE, T0 + 5 * ONE_SECOND); // older than the match: no release
    propose("r2", 1, T0 + 11 * ONE_SECOND);
    statusOf(DriverState.AVAILABLE, T0 + 60 * ONE_SECOND);
    propose("r3", 1, T0 + 61 * ONE_SECOND);

    assertThat(harness.extractOutputValues())
        .extracting(RideMatch::requestId)
        .containsExactly("r1", "r3");
    assertThat(harness.extractOutputValues())
        .extracting(RideMatch::ts)
        .containsExactly(T0 + 10 * ONE_SECOND, T0 + 61 * ONE_SECOND);
  }

  @Test
  void anAvailableSeenByTheAreaReleasesTheDriverToo() throws Exception {
    propose("r1", 1, T0 + ONE_SECOND);
    // The area's copy already carries the driver's AVAILABLE of T0 + 30 s.
    harness.processElement1(
        new StreamRecord<>(
            new Proposal(
                AREA,
                1,
                request("r2", T0 + 31 * ONE_SECOND),
                driver("d1", 1.0, 4.0, T0 + 30 * ONE_SECOND),
                1.0,
                2.0,
                T0 + 31 * ONE_SECOND)));

    assertThat(harness.extractOutputValues())
        .extracting(RideMatch::requestId)
        .containsExactly("r1", "r2");
  }

  @Test
  void aDriverThatWentBusyIsRefused() throws Exception {
    statusOf(DriverState.BUSY, T0 + 2 * ONE_SECOND);
    propose("r1", 1, T0 + 3 * ONE_SECOND); // the area still thought it AVAILABLE (since T0)

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(answers())
        .containsExactly(
            new ClaimVerdict(AREA, "d1", T0 + 2 * ONE_SECOND, "r1", 1, false, T0 + 3 * ONE_SECOND));
  }

  @Test
  void aRepeatedProposalOfTheMatchedRequestIsGrantedAgain() throws Exception {
    propose("r1", 1, T0 + ONE_SECOND);
    propose("r1", 1, T0 + ONE_SECOND);

    assertThat(harness.extractOutputValues())
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.requestId()).isEqualTo("r1"));
    assertThat(answers()).allSatisfy(verdict -> assertThat(verdict.granted()).isTrue());
  }

  @Test
  void aGrantTellsTheOtherAreasHoldingTheDriverThatItIsTaken() throws Exception {
    propose("r1", 1, T0 + ONE_SECOND);

    DriverSnapshot d1 = driver("d1", 1.0, 4.0, T0);
    List<String> inReach =
        Geohash.cellsWithin(d1.lat(), d1.lng(), CONFIG.radiusKm(), CONFIG.areaPrecision());
    List<ClaimVerdict> notices = answers().stream().filter(v -> v.requestId() == null).toList();
    assertThat(notices)
        .extracting(ClaimVerdict::area)
        .containsExactlyInAnyOrderElementsOf(
            inReach.stream().filter(area -> !area.equals(AREA)).toList());
    assertThat(notices)
        .allSatisfy(notice -> assertThat(notice.unavailableSince()).isEqualTo(T0 + ONE_SECOND));
  }

  @Test
  void aMatchSurvivesARestartFromACheckpoint() throws Exception {
    propose("r1", 1, T0 + ONE_SECOND);
    OperatorSubtaskState checkpoint = harness.snapshot(1, T0 + ONE_SECOND);
    harness.close();

    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new DriverClaims(CONFIG)),
            (Proposal p) -> p.driver().driverId(),
            DriverStatus::driverId,
            Types.STRING);
    harness.initializeState(checkpoint);
    harness.open();
    propose("r2", 1, T0 + 2 * ONE_SECOND);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(answers()).extracting(ClaimVerdict::granted).containsExactly(false);
  }

  /** d1, AVAILABLE since T0 as the area saw it, is proposed for a request. */
  private void propose(String requestId, int attempt, long ts) throws Exception {
    DriverSnapshot d1 = driver("d1", 1.0, 4.0, T0);
    harness.processElement1(
        new StreamRecord<>(
            new Proposal(AREA, attempt, request(requestId, ts), d1, 1.0, 2.0, ts), ts));
  }

  private void statusOf(DriverState state, long ts) throws Exception {
    harness.processElement2(new StreamRecord<>(status("d1", state, ts), ts));
  }

  private List<ClaimVerdict> answers() {
    var verdicts = harness.getSideOutput(DriverClaims.VERDICTS);
    return verdicts == null ? List.of() : verdicts.stream().map(StreamRecord::getValue).toList();
  }
}
