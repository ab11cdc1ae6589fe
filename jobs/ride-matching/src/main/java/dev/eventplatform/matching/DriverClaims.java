package dev.eventplatform.matching;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decides each driver's fate, keyed by driver: the single writer that makes "never matched to two
 * riders" hold whatever areas, cells and partitions the proposals come from. It grants a proposal
 * when the driver is AVAILABLE and not matched, and then the driver stays matched until a {@code
 * driver-status} AVAILABLE later than the match; it refuses otherwise. The claim is keyed state, so
 * it survives a restart from a checkpoint.
 *
 * <p>Every decision goes back to the proposing area as a {@link ClaimVerdict} ({@link #VERDICTS});
 * a grant also tells the other areas holding the driver that it is taken, so they stop proposing
 * it. A repeated proposal for the request a driver is already matched to is granted again, so a
 * replay after a restart cannot turn a match into a refusal.
 *
 * <p>After a restore, the grants published since the checkpoint (read back from the {@link
 * OutcomeLog}) are taken into each driver's claim the next time the driver is touched, before
 * anything else: a driver a rider has already seen granted stays that rider's.
 */
public final class DriverClaims
    extends KeyedCoProcessFunction<String, Proposal, DriverStatus, RideMatch>
    implements CheckpointedFunction {

  public static final String UID = "driver-claims";

  public static final OutputTag<ClaimVerdict> VERDICTS =
      new OutputTag<>("claim-verdicts", TypeInformation.of(ClaimVerdict.class));

  private final double radiusKm;
  private final int areaPrecision;
  private final Duration retention;
  private final OutcomeLog outcomeLog;

  private transient ValueState<DriverClaim> claim;

  /** Grants published after the restored checkpoint, by driver, until its claim takes them in. */
  private transient Map<String, PublishedOutcome> publishedGrants;

  private transient long watermark;

  private transient Counter refusals;
  private transient Histogram matchLatency;

  public DriverClaims(RideMatchingConfig config) {
    this.radiusKm = config.radiusKm();
    this.areaPrecision = config.areaPrecision();
    this.retention = config.driverRetention();
    this.outcomeLog = OutcomeLog.of(config);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    publishedGrants = new HashMap<>();
    watermark = Long.MIN_VALUE;
    if (outcomeLog == null) {
      return;
    }
    for (PublishedOutcome outcome : outcomeLog.initialize(context)) {
      if (outcome.isMatch()) {
        publishedGrants.merge(outcome.driverId(), outcome, (a, b) -> b.at() > a.at() ? b : a);
      }
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    if (outcomeLog == null) {
      return;
    }
    // A driver not touched for the claim's whole retention has no claim left to protect.
    if (watermark > Long.MIN_VALUE) {
      long tooOld = watermark - retention.toMillis();
      publishedGrants.values().removeIf(grant -> grant.at() < tooOld);
    }
    outcomeLog.snapshot(publishedGrants.values());
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
    ValueStateDescriptor<DriverClaim> descriptor =
        new ValueStateDescriptor<>("claim", DriverClaim.class);
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention).build());
    claim = getRuntimeContext().getState(descriptor);
    refusals = getRuntimeContext().getMetricGroup().counter("refusedProposals");
    // From the request's event time to its grant, on this machine's clock: what a rider waits,
    // including time in Kafka, give or take the clock offset of the rider's app.
    matchLatency =
        getRuntimeContext()
            .getMetricGroup()
            .histogram("matchLatencyMs", new DescriptiveStatisticsHistogram(10_000));
  }

  @Override
  public void processElement1(Proposal proposal, Context context, Collector<RideMatch> out)
      throws Exception {
    DriverSnapshot driver = proposal.driver();
    // The area's copy of the status may be newer than what reached this operator: it is the same
    // driver-status record, come another way, so it counts.
    DriverClaim current = known(context).withStatus(driver.status(), driver.statusTs());
    String requestId = proposal.request().requestId();
    if (current.isMatched() && !current.matchedRequestId().equals(requestId)) {
      refuse(proposal, current.matchedAt(), context);
    } else if (!current.isMatched() && current.status() != DriverState.AVAILABLE) {
      refuse(proposal, current.statusTs(), context);
    } else {
      long matchedAt =
          current.isMatched() ? current.matchedAt() : Math.max(proposal.ts(), current.statusTs());
      current = current.matchedTo(requestId, matchedAt);
      grant(proposal, matchedAt, context, out);
    }
    claim.update(current);
  }

  @Override
  public void processElement2(DriverStatus status, Context context, Collector<RideMatch> out)
      throws Exception {
    claim.update(known(context).withStatus(status.status(), status.ts()));
  }

  private DriverClaim known(Context context) throws Exception {
    watermark = Math.max(watermark, context.timerService().currentWatermark());
    DriverClaim known = claim.value();
    known = known == null ? DriverClaim.UNKNOWN : known;
    PublishedOutcome grant =
        publishedGrants.isEmpty() ? null : publishedGrants.remove(context.getCurrentKey());
    return grant == null ? known : known.withPublishedGrant(grant.requestId(), grant.at());
  }

  private void grant(Proposal proposal, long matchedAt, Context context, Collector<RideMatch> out) {
    RideRequest request = proposal.request();
    DriverSnapshot driver = proposal.driver();
    matchLatency.update(System.currentTimeMillis() - request.ts());
    out.collect(
        new RideMatch(
            request.requestId(),
            request.riderId(),
            driver.driverId(),
            proposal.distanceKm(),
            proposal.score(),
            request.ts(),
            matchedAt));
    context.output(
        VERDICTS,
        new ClaimVerdict(
            proposal.area(),
            driver.driverId(),
            matchedAt,
            request.requestId(),
            proposal.attempt(),
            true,
            proposal.ts()));
    for (String area : Geohash.cellsWithin(driver.lat(), driver.lng(), radiusKm, areaPrecision)) {
      if (!area.equals(proposal.area())) {
        context.output(
            VERDICTS,
            new ClaimVerdict(area, driver.driverId(), matchedAt, null, 0, false, proposal.ts()));
      }
    }
  }

  private void refuse(Proposal proposal, long unavailableSince, Context context) {
    refusals.inc();
    context.output(
        VERDICTS,
        new ClaimVerdict(
            proposal.area(),
            proposal.driver().driverId(),
            unavailableSince,
            proposal.request().requestId(),
            proposal.attempt(),
            false,
            proposal.ts()));
  }
}
