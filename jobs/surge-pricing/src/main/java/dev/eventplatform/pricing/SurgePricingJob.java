package dev.eventplatform.pricing;

import dev.eventplatform.config.Settings;
import dev.eventplatform.job.JobEnvironment;
import dev.eventplatform.job.KafkaEndpoints;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.RideQuote;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.SurgePrice;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * surge-pricing: {@code ride-requests}, {@code driver-positions}, {@code driver-status} and {@code
 * pricing-context} → {@code surge-prices} (one multiplier per active pricing cell per slide, with
 * its demand, supply and named factors) and {@code ride-quotes} (one per valid request: base price
 * times the multiplier of its cell at its time).
 *
 * <p>Both outputs are exactly-once by default, visible to {@code read_committed} consumers after
 * the checkpoint that commits them.
 */
public final class SurgePricingJob {

  public static final String NAME = "surge-pricing";

  /** Uid of the stateless step that turns a request into its quote at base price. */
  public static final String BASE_PRICE_UID = "base-price";

  private SurgePricingJob() {}

  public static void main(String[] args) throws Exception {
    SurgePricingConfig config = SurgePricingConfig.from(Settings.fromArgs(args));
    StreamExecutionEnvironment env = JobEnvironment.create(config.platform());
    KafkaEndpoints kafka = new KafkaEndpoints(env, config.platform());

    Outputs outputs =
        build(
            kafka.read(Topics.RIDE_REQUESTS),
            kafka.read(Topics.DRIVER_POSITIONS),
            kafka.read(Topics.DRIVER_STATUS),
            kafka.read(Topics.PRICING_CONTEXT),
            config);

    kafka.write(outputs.surgePrices(), Topics.SURGE_PRICES);
    kafka.write(outputs.quotes(), Topics.RIDE_QUOTES);
    kafka.execute();
  }

  /** What the job produces, before it is written anywhere. */
  public record Outputs(DataStream<SurgePrice> surgePrices, DataStream<RideQuote> quotes) {}

  /** The pipeline, from valid events with timestamps and watermarks to prices and quotes. */
  public static Outputs build(
      DataStream<RideRequest> requests,
      DataStream<DriverPosition> positions,
      DataStream<DriverStatus> statuses,
      DataStream<PricingContext> contexts,
      SurgePricingConfig config) {
    Fares fares = config.fares();
    DataStream<CellEvent> demand =
        requests
            .map(request -> CellEvent.request(fares.atBasePrice(request)))
            .returns(TypeInformation.of(CellEvent.class))
            .uid(BASE_PRICE_UID)
            .name("Base price and pickup cell");

    DataStream<CellEvent> supply =
        positions
            .keyBy(DriverPosition::driverId)
            .connect(statuses.keyBy(DriverStatus::driverId))
            .process(new DriverAvailability(config.driverIdleTtl()))
            .uid(DriverAvailability.UID)
            .name("Driver availability");

    SingleOutputStreamOperator<SurgePrice> surgePrices =
        demand
            .union(supply)
            .keyBy(CellEvent::cell)
            .connect(contexts.broadcast(CellSurge.CONTEXTS))
            .process(new CellSurge(config))
            .uid(CellSurge.UID)
            .name("Surge per cell");

    return new Outputs(surgePrices, surgePrices.getSideOutput(CellSurge.QUOTES));
  }
}
