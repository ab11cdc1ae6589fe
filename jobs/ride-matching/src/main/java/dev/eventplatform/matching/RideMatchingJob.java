package dev.eventplatform.matching;

import dev.eventplatform.config.Settings;
import dev.eventplatform.geo.Geohash;
import dev.eventplatform.job.JobEnvironment;
import dev.eventplatform.job.KafkaEndpoints;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.RideUnmatched;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * ride-matching: {@code ride-requests}, {@code driver-positions} and {@code driver-status} → {@code
 * ride-matches} and {@code ride-unmatched}, one outcome per request.
 *
 * <p>Four stages: {@link RequestDedupe} (by request id), {@link DriverDirectory} (by driver: copies
 * each driver to every area within the radius), {@link AreaMatcher} (by area: finds the best driver
 * and proposes it, or makes the request wait) and {@link DriverClaims} (by driver: grants or
 * refuses, the single writer of a driver's fate). Verdicts return to the areas through the internal
 * topic {@link MatchingTopics#CLAIM_VERDICTS}. See the module's README for the design.
 *
 * <p>Both outputs are at-least-once with {@code requestId} as idempotency key: exactly-once output
 * would only be visible after the checkpoint that commits it, seconds after the match.
 */
public final class RideMatchingJob {

  public static final String NAME = "ride-matching";

  private RideMatchingJob() {}

  public static void main(String[] args) throws Exception {
    RideMatchingConfig config = RideMatchingConfig.from(Settings.fromArgs(args));
    if (config.platform().bounded()) {
      throw new IllegalArgumentException(
          "ride-matching cannot run with --bounded: its claim verdicts loop back through the topic "
              + config.platform().topicName(MatchingTopics.CLAIM_VERDICTS)
              + ", which never ends");
    }
    StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
    env.setBufferTimeout(config.bufferTimeout().toMillis());
    KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());
    kafka.ensureInternalTopic(MatchingTopics.CLAIM_VERDICTS, Topics.RIDE_REQUESTS);

    Outputs outputs =
        build(
            kafka.read(Topics.RIDE_REQUESTS),
            kafka.read(Topics.DRIVER_POSITIONS),
            kafka.read(Topics.DRIVER_STATUS),
            kafka.read(MatchingTopics.CLAIM_VERDICTS),
            config);

    kafka.write(outputs.matches(), Topics.RIDE_MATCHES);
    kafka.write(outputs.unmatched(), Topics.RIDE_UNMATCHED);
    kafka.write(outputs.verdicts(), MatchingTopics.CLAIM_VERDICTS);
    kafka.execute();
  }

  /** What the job produces, before it is written anywhere. */
  public record Outputs(
      DataStream<RideMatch> matches,
      DataStream<RideUnmatched> unmatched,
      DataStream<ClaimVerdict> verdicts) {}

  /**
   * The pipeline. {@code verdicts} must carry the {@link Outputs#verdicts} back in (in the job,
   * through Kafka); all inputs have timestamps and watermarks.
   */
  public static Outputs build(
      DataStream<RideRequest> requests,
      DataStream<DriverPosition> positions,
      DataStream<DriverStatus> statuses,
      DataStream<ClaimVerdict> verdicts,
      RideMatchingConfig config) {
    int areaPrecision = config.areaPrecision();
    KeyedStream<DriverStatus, String> statusByDriver = statuses.keyBy(DriverStatus::driverId);

    DataStream<AreaInput> newRequests =
        requests
            .keyBy(RideRequest::requestId)
            .process(new RequestDedupe(config.dedupeRetention()))
            .uid(RequestDedupe.UID)
            .name("Drop repeated requests")
            .map(
                r ->
                    AreaInput.request(
                        Geohash.encode(r.pickupLat(), r.pickupLng(), areaPrecision), r))
            .uid("request-to-area")
            .name("Request to its area");
    DataStream<AreaInput> verdictsBack =
        verdicts.map(AreaInput::verdict).uid("verdict-to-area").name("Verdict to its area");

    DataStream<AreaDriverUpdate> driverCopies =
        positions
            .keyBy(DriverPosition::driverId)
            .connect(statusByDriver)
            .process(new DriverDirectory(config))
            .uid(DriverDirectory.UID)
            .name("Copy drivers to areas in reach");

    SingleOutputStreamOperator<Proposal> proposals =
        driverCopies
            .keyBy(AreaDriverUpdate::area)
            .connect(newRequests.union(verdictsBack).keyBy(AreaInput::area))
            .process(new AreaMatcher(config))
            .uid(AreaMatcher.UID)
            .name("Find drivers per area");

    SingleOutputStreamOperator<RideMatch> matches =
        proposals
            .keyBy(proposal -> proposal.driver().driverId())
            .connect(statusByDriver)
            .process(new DriverClaims(config))
            .uid(DriverClaims.UID)
            .name("Claim drivers");

    return new Outputs(
        matches,
        proposals.getSideOutput(AreaMatcher.UNMATCHED),
        matches.getSideOutput(DriverClaims.VERDICTS));
  }
}
