package dev.eventplatform.matching;

import static dev.eventplatform.matching.Rides.AREA;
import static dev.eventplatform.matching.Rides.ONE_SECOND;
import static dev.eventplatform.matching.Rides.T0;
import static dev.eventplatform.matching.Rides.THIRTY_SECONDS;
import static dev.eventplatform.matching.Rides.driver;
import static dev.eventplatform.matching.Rides.request;
import static dev.eventplatform.matching.Rides.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.eventplatform.config.Settings;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.RideUnmatched;
import dev.eventplatform.model.ride.UnmatchedReason;
import dev.eventplatform.testing.KafkaTestBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After a restore, the claims and the areas keep to the outcomes that the failed run published
 * after the checkpoint: what riders may have seen is not decided again. Each test takes a
 * checkpoint, then writes to the real topics what the failed run would have published after it, and
 * restores the operator from the checkpoint.
 */
class PublishedOutcomesAfterRestoreIT {

  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  private Map<String, String> topics;
  private RideMatchingConfig config;
  private final List<AutoCloseable> harnesses = new ArrayList<>();

  @BeforeEach
  void createTopics(TestInfo test) {
    topics =
        KAFKA.createTopics(
            test.getTestMethod().orElseThrow().getName(),
            Topics.RIDE_MATCHES,
            Topics.RIDE_UNMATCHED,
            MatchingTopics.CLAIM_VERDICTS);
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", KAFKA.bootstrapServers()));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    config = RideMatchingConfig.from(Settings.fromArgs(args.toArray(String[]::new)));
  }

  @AfterEach
  void closeHarnesses() throws Exception {
    for (AutoCloseable harness : harnesses) {
      harness.close();
    }
  }

  @Test
  void aDriverGrantedAfterTheCheckpointStaysWithThatRider() throws Exception {
    var claims = claims(null);
    OperatorSubtaskState checkpoint = claims.snapshot(1, T0);
    publishMatch("r1", "d1", T0 + ONE_SECOND);

    claims = claims(checkpoint);
    propose(claims, "r2", T0 + 2 * ONE_SECOND);
    propose(claims, "r1", T0 + ONE_SECOND);

    assertThat(claims.extractOutputValues())
        .extracting(RideMatch::requestId, RideMatch::driverId)
        .containsExactly(tuple("r1", "d1"));
    assertThat(verdicts(claims))
        .filteredOn(verdict -> verdict.requestId() != null)
        .extracting(ClaimVerdict::requestId, ClaimVerdict::granted)
        .containsExactly(tuple("r2", false), tuple("r1", true));
  }

  @Test
  void aGrantTheCheckpointAlreadyHoldsAndThatHasEndedIsNotTakenBack() throws Exception {
    var claims = claims(null);
    propose(claims, "r1", T0 + ONE_SECOND);
    claims.processElement2(
        new StreamRecord<>(status("d1", DriverState.AVAILABLE, T0 + 5 * ONE_SECOND)));
    OperatorSubtaskState checkpoint = claims.snapshot(1, T0 + 5 * ONE_SECOND);
    // Written before the checkpoint, but reached Kafka after the offsets were taken: read back.
    publishMatch("r1", "d1", T0 + ONE_SECOND);

    claims = claims(checkpoint);
    propose(claims, "r2", T0 + 6 * ONE_SECOND);

    assertThat(claims.extractOutputValues()).extracting(RideMatch::requestId).containsExactly("r2");
  }

  @Test
  void anUnsettledRequestWhoseOutcomeWasPublishedEndsThere() throws Exception {
    var area = area(null);
    ask(area, request("r1", T0 + ONE_SECOND));
    assertThat(area.extractOutputValues()).as("no driver yet: r1 waits").isEmpty();
    OperatorSubtaskState checkpoint = area.snapshot(1, T0 + ONE_SECOND);
    // The failed run saw d1 arrive after the checkpoint and matched it.
    publishMatch("r1", "d1", T0 + 2 * ONE_SECOND);

    area = area(checkpoint);
    arrive(area, driver("d1", 1.0, 4.0, T0 + 2 * ONE_SECOND));
    area.processBothWatermarks(new Watermark(T0 + 3 * THIRTY_SECONDS));

    assertThat(area.extractOutputValues()).as("proposals after the restore").isEmpty();
    assertThat(unmatched(area)).isEmpty();
  }

  @Test
  void aRequestReplayedAfterTheRestoreKeepsToItsPublishedEnd() throws Exception {
    var area = area(null);
    OperatorSubtaskState checkpoint = area.snapshot(1, T0);
    KAFKA.send(
        Topics.RIDE_UNMATCHED,
        topics.get(Topics.RIDE_UNMATCHED.id()),
        List.of(
            new RideUnmatched(
                "r1", "rider-r1", UnmatchedReason.NO_DRIVER_NEARBY, T0 + THIRTY_SECONDS)));

    area = area(checkpoint);
    arrive(area, driver("d1", 1.0, 4.0, T0 + ONE_SECOND));
    ask(area, request("r1", T0));
    area.processBothWatermarks(new Watermark(T0 + 3 * THIRTY_SECONDS));

    assertThat(area.extractOutputValues()).isEmpty();
    assertThat(unmatched(area)).as("a second unmatched end").isEmpty();
  }

  @Test
  void aGrantKnownOnlyFromTheVerdictLoopIsProposedAgainToItsDriver() throws Exception {
    var area = area(null);
    OperatorSubtaskState checkpoint = area.snapshot(1, T0);
    KAFKA.send(
        MatchingTopics.CLAIM_VERDICTS,
        topics.get(MatchingTopics.CLAIM_VERDICTS.id()),
        List.of(new ClaimVerdict(AREA, "d1", T0 + ONE_SECOND, "r1", 1, true, T0 + ONE_SECOND)));

    area = area(checkpoint);
    arrive(area, driver("d1", 3.0, 3.0, T0));
    arrive(area, driver("better", 0.5, 5.0, T0));
    ask(area, request("r1", T0 + ONE_SECOND));

    assertThat(area.extractOutputValues())
        .singleElement()
        .satisfies(proposal -> assertThat(proposal.driver().driverId()).isEqualTo("d1"));
  }

  @Test
  void aVerdictFromTheFailedRunDoesNotAnswerAProposalMadeSince() throws Exception {
    var area = area(null);
    OperatorSubtaskState checkpoint = area.snapshot(1, T0);

    area = area(checkpoint);
    arrive(area, driver("d1", 0.5, 5.0, T0));
    arrive(area, driver("d2", 2.0, 4.0, T0));
    ask(area, request("r1", T0 + ONE_SECOND));
    Proposal proposal = area.extractOutputValues().get(0);
    assertThat(proposal.attempt()).isNotEqualTo(1);
    area.getOutput().clear();

    // The failed run proposed d1 in its attempt 1 and heard a refusal after the checkpoint.
    answer(area, new ClaimVerdict(AREA, "d1", T0, "r1", 1, false, T0 + ONE_SECOND));
    assertThat(area.extractOutputValues()).as("a move to the next driver").isEmpty();

    answer(area, new ClaimVerdict(AREA, "d1", T0, "r1", proposal.attempt(), false, T0));
    assertThat(area.extractOutputValues())
        .singleElement()
        .satisfies(next -> assertThat(next.driver().driverId()).isEqualTo("d2"));
  }

  private KeyedTwoInputStreamOperatorTestHarness<String, Proposal, DriverStatus, RideMatch> claims(
      OperatorSubtaskState restoreFrom) throws Exception {
    var harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new DriverClaims(config)),
            (Proposal p) -> p.driver().driverId(),
            DriverStatus::driverId,
            Types.STRING);
    return open(harness, restoreFrom);
  }

  private KeyedTwoInputStreamOperatorTestHarness<String, AreaDriverUpdate, AreaInput, Proposal>
      area(OperatorSubtaskState restoreFrom) throws Exception {
    var harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new AreaMatcher(config)),
            AreaDriverUpdate::area,
            AreaInput::area,
            Types.STRING);
    return open(harness, restoreFrom);
  }

  private <H extends KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?>> H open(
      H harness, OperatorSubtaskState restoreFrom) throws Exception {
    harnesses.add(harness);
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  private void publishMatch(String requestId, String driverId, long ts) {
    KAFKA.send(
        Topics.RIDE_MATCHES,
        topics.get(Topics.RIDE_MATCHES.id()),
        List.of(new RideMatch(requestId, "rider-" + requestId, driverId, 1.0, 2.0, ts, ts)));
  }

  private static void propose(
      KeyedTwoInputStreamOperatorTestHarness<String, Proposal, DriverStatus, RideMatch> claims,
      String requestId,
      long ts)
      throws Exception {
    RideRequest request = request(requestId, ts);
    claims.processElement1(
        new StreamRecord<>(
            new Proposal(AREA, 1, request, driver("d1", 1.0, 4.0, T0), 1.0, 2.0, ts), ts));
  }

  private static void arrive(
      KeyedTwoInputStreamOperatorTestHarness<String, AreaDriverUpdate, AreaInput, Proposal> area,
      DriverSnapshot driver)
      throws Exception {
    area.processElement1(
        new StreamRecord<>(new AreaDriverUpdate(AREA, driver, false), driver.positionTs()));
  }

  private static void ask(
      KeyedTwoInputStreamOperatorTestHarness<String, AreaDriverUpdate, AreaInput, Proposal> area,
      RideRequest request)
      throws Exception {
    area.processElement2(new StreamRecord<>(AreaInput.request(AREA, request), request.ts()));
  }

  private static void answer(
      KeyedTwoInputStreamOperatorTestHarness<String, AreaDriverUpdate, AreaInput, Proposal> area,
      ClaimVerdict verdict)
      throws Exception {
    area.processElement2(new StreamRecord<>(AreaInput.verdict(verdict), verdict.ts()));
  }

  private static List<ClaimVerdict> verdicts(
      KeyedTwoInputStreamOperatorTestHarness<String, Proposal, DriverStatus, RideMatch> claims) {
    var verdicts = claims.getSideOutput(DriverClaims.VERDICTS);
    return verdicts == null ? List.of() : verdicts.stream().map(StreamRecord::getValue).toList();
  }

  private static List<RideUnmatched> unmatched(
      KeyedTwoInputStreamOperatorTestHarness<String, AreaDriverUpdate, AreaInput, Proposal> area) {
    var ends = area.getSideOutput(AreaMatcher.UNMATCHED);
    return ends == null ? List.of() : ends.stream().map(StreamRecord::getValue).toList();
  }
}
