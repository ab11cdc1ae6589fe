package dev.eventplatform.benchmarks;

import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.config.Settings;
import dev.eventplatform.job.JobEnvironment;
import dev.eventplatform.job.KafkaEndpoints;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ride.DriverLocation;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The baseline every job is compared with: {@code driver-locations} → {@code passthrough}, each
 * record parsed into a {@link DriverLocation} by the platform's shared reader (Jackson, validation,
 * dead letters aside) and written back as JSON, exactly-once like location-ingest's outputs. It is
 * built exactly like a job (same environment, same Kafka endpoints), so the gap between a job and
 * it is the job's own work.
 */
public final class PassthroughJob {

  public static final String NAME = "passthrough";

  /** Where the parsed pings go; not part of the contract. */
  public static final Topic<DriverLocation> PASSTHROUGH =
      new Topic<>(
          "passthrough",
          DriverLocation.class,
          DriverLocation::driverId,
          DeliveryGuarantee.EXACTLY_ONCE);

  private PassthroughJob() {}

  public static void main(String[] args) throws Exception {
    PlatformConfig config = PlatformConfig.from(Settings.fromArgs(args), NAME);
    KafkaEndpoints kafka = new KafkaEndpoints(JobEnvironment.create(config), config);
    kafka.write(kafka.read(Topics.DRIVER_LOCATIONS), PASSTHROUGH);
    kafka.execute();
  }
}
