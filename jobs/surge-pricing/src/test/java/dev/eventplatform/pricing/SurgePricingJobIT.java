package dev.eventplatform.pricing;

import static dev.eventplatform.pricing.Rides.ONE_MINUTE;
import static dev.eventplatform.pricing.Rides.ONE_SECOND;
import static dev.eventplatform.pricing.Rides.SLIDE;
import static dev.eventplatform.pricing.Rides.T0;
import static dev.eventplatform.pricing.Rides.context;
import static dev.eventplatform.pricing.Rides.position;
import static dev.eventplatform.pricing.Rides.request;
import static dev.eventplatform.pricing.Rides.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.eventplatform.geo.Geohash;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideQuote;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.SurgePrice;
import dev.eventplatform.model.ride.Weather;
import dev.eventplatform.testing.FlinkTestCluster;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real job, as {@code main} wires it, between a real Kafka broker and a MiniCluster, in bounded
 * mode: every input is produced first, the job reads to the end and finishes (its final watermark
 * closes every window), then the committed outputs are read in full.
 *
 * <p>Nothing here depends on the order in which the four topics are read: the context is older than
 * every window, so the watermark cannot close one before the context is applied; requests are
 * produced in time order, so none is late; supply is joined in event time.
 */
class SurgePricingJobIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();
  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  /** Zurich: the spike cell and a quiet neighbour, each with four available drivers. */
  private static final double[] SPIKE = {47.3779, 8.5403};

  private static final double[] CALM = {47.4116, 8.5441};

  /** Bern: two cells under the rain area; the first has two drivers, the second none. */
  private static final double[] RAIN_WITH_DRIVERS = {46.9480, 7.4474};

  private static final double[] RAIN_NO_DRIVERS = {46.9510, 7.4380};
  private static final String RAIN_AREA = "u0m7";

  /** Geneva: no drivers, clear weather from the everywhere context. */
  private static final double[] DRY = {46.2044, 6.1432};

  @Test
  void spikeAndRainMoveTheirCellsOnlyAndEveryRequestGetsTheQuoteOfItsTime() throws Exception {
    Map<String, String> topics =
        KAFKA.createTopics(
            "surge",
            Topics.RIDE_REQUESTS,
            Topics.DRIVER_POSITIONS,
            Topics.DRIVER_STATUS,
            Topics.PRICING_CONTEXT,
            Topics.SURGE_PRICES,
            Topics.RIDE_QUOTES,
            Topics.DEAD_LETTERS);
    String spike = cell(SPIKE);
    String calm = cell(CALM);
    String rainWithDrivers = cell(RAIN_WITH_DRIVERS);
    String rainNoDrivers = cell(RAIN_NO_DRIVERS);
    String dry = cell(DRY);
    assertThat(List.of(rainWithDrivers, rainNoDrivers)).allMatch(c -> c.startsWith(RAIN_AREA));
    assertThat(List.of(spike, calm, dry)).noneMatch(c -> c.startsWith(RAIN_AREA));
    assertThat(List.of(spike, calm, rainWithDrivers, rainNoDrivers, dry)).doesNotHaveDuplicates();

    // Supply: drivers seen and available a minute before T0.
    List<DriverPosition> positions = new ArrayList<>();
    List<DriverStatus> statuses = new ArrayList<>();
    addDrivers("spike", SPIKE, 4, positions, statuses);
    addDrivers("calm", CALM, 4, positions, statuses);
    addDrivers("bern", RAIN_WITH_DRIVERS, 2, positions, statuses);

    // Demand: a request every two minutes in each Zurich cell, a spike of 12 in one, a few in Bern
    // and Geneva.
    List<RideRequest> requests = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      requests.add(request("spike-base-" + k, SPIKE, T0 + 10 * ONE_SECOND + k * 2 * ONE_MINUTE));
      requests.add(request("calm-" + k, CALM, T0 + 10 * ONE_SECOND + k * 2 * ONE_MINUTE));
    }
    for (int i = 0; i < 12; i++) {
      requests.add(
          request(
              "spike-" + i, SPIKE, T0 + 10 * ONE_MINUTE + 15 * ONE_SECOND + i * 5 * ONE_SECOND));
    }
    requests.add(request("bern-1", RAIN_WITH_DRIVERS, T0 + 3 * ONE_MINUTE + 5 * ONE_SECOND));
    requests.add(request("bern-2", RAIN_WITH_DRIVERS, T0 + 4 * ONE_MINUTE + 5 * ONE_SECOND));
    requests.add(request("bern-alone", RAIN_NO_DRIVERS, T0 + 3 * ONE_MINUTE + 10 * ONE_SECOND));
    requests.add(request("geneva", DRY, T0 + 3 * ONE_MINUTE + 5 * ONE_SECOND));
    // In time order, so that no request is behind its partition's watermark.
    requests.sort(Comparator.comparingLong(RideRequest::ts));

    KAFKA.send(
        Topics.PRICING_CONTEXT,
        topics.get(Topics.PRICING_CONTEXT.id()),
        List.of(
            context("", Weather.CLEAR, null, null, T0 - 2 * ONE_MINUTE),
            context(RAIN_AREA, Weather.RAIN, null, null, T0 - 2 * ONE_MINUTE)));
    KAFKA.send(Topics.DRIVER_POSITIONS, topics.get(Topics.DRIVER_POSITIONS.id()), positions);
    KAFKA.send(Topics.DRIVER_STATUS, topics.get(Topics.DRIVER_STATUS.id()), statuses);
    KAFKA.send(Topics.RIDE_REQUESTS, topics.get(Topics.RIDE_REQUESTS.id()), requests);
    Map<String, Integer> malformedByTopic = sendMalformed(topics);

    SurgePricingJob.main(jobArgs(topics));

    List<SurgePrice> prices =
        KAFKA.readAll(Topics.SURGE_PRICES, topics.get(Topics.SURGE_PRICES.id()));
    List<RideQuote> quotes = KAFKA.readAll(Topics.RIDE_QUOTES, topics.get(Topics.RIDE_QUOTES.id()));
    List<DeadLetter> deadLetters =
        KAFKA.readAll(Topics.DEAD_LETTERS, topics.get(Topics.DEAD_LETTERS.id()));

    // One record per active cell per slide.
    assertThat(prices).extracting(p -> p.cell() + "@" + p.windowEnd()).doesNotHaveDuplicates();
    Map<String, List<SurgePrice>> byCell =
        prices.stream().collect(Collectors.groupingBy(SurgePrice::cell));
    assertThat(byCell).containsOnlyKeys(spike, calm, rainWithDrivers, rainNoDrivers, dry);

    // The spike raises its own cell, and only after it began...
    assertThat(byCell.get(spike))
        .filteredOn(p -> p.windowEnd() <= T0 + 10 * ONE_MINUTE)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.multiplier()).isEqualTo(1.0));
    assertThat(byCell.get(spike))
        .anySatisfy(
            p -> {
              assertThat(p.factors()).containsOnly(entry("demand", 1.5));
              assertThat(p.multiplier()).isEqualTo(1.5);
              assertThat(p.supply()).isEqualTo(4);
            });
    // ...and no other cell has a demand factor.
    assertThat(prices)
        .filteredOn(p -> !p.cell().equals(spike))
        .allSatisfy(p -> assertThat(p.factors()).doesNotContainKey("demand"));
    assertThat(byCell.get(calm)).allSatisfy(p -> assertThat(p.multiplier()).isEqualTo(1.0));

    // Rain over the area raises every cell under it, with or without drivers; nowhere else.
    for (String cell : List.of(rainWithDrivers, rainNoDrivers)) {
      assertThat(byCell.get(cell))
          .allSatisfy(
              p -> {
                assertThat(p.factors()).containsOnly(entry("rain", 1.3));
                assertThat(p.multiplier()).isEqualTo(1.3);
              });
    }
    assertThat(byCell.get(dry)).allSatisfy(p -> assertThat(p.factors()).isEmpty());

    // Every valid request has exactly one quote, with the multiplier of its cell's last window
    // that ended at or before the request (1.0 if there was none).
    Map<String, SurgePrice> byCellAndEnd =
        prices.stream()
            .collect(Collectors.toMap(p -> p.cell() + "@" + p.windowEnd(), Function.identity()));
    Map<String, RideQuote> quoteById = new HashMap<>();
    quotes.forEach(
        quote -> assertThat(quoteById.put(quote.requestId(), quote)).as("second quote").isNull());
    assertThat(quoteById).hasSameSizeAs(requests);
    Fares fares = Rides.config().fares();
    for (RideRequest request : requests) {
      RideQuote quote = quoteById.get(request.requestId());
      RideQuote base = fares.atBasePrice(request);
      SurgePrice current =
          byCellAndEnd.get(base.cell() + "@" + Math.floorDiv(request.ts(), SLIDE) * SLIDE);
      double expected = current == null ? 1.0 : current.multiplier();
      assertThat(quote).as(request.requestId()).isEqualTo(Fares.withMultiplier(base, expected));
    }
    assertThat(quoteById.get("spike-11").multiplier()).isEqualTo(1.5);
    assertThat(quoteById.get("bern-2").multiplier()).isEqualTo(1.3);
    // Its cell had no window before it: the first request of a quiet cell is quoted at 1.0.
    assertThat(quoteById.get("bern-alone").multiplier()).isEqualTo(1.0);

    // Malformed input of every topic lands on dead-letters, with its source and a reason.
    assertThat(deadLetters)
        .hasSize(malformedByTopic.values().stream().mapToInt(Integer::intValue).sum());
    assertThat(
            deadLetters.stream()
                .collect(
                    Collectors.groupingBy(DeadLetter::sourceTopic, Collectors.summingInt(d -> 1))))
        .isEqualTo(malformedByTopic);
    assertThat(deadLetters)
        .allSatisfy(
            letter -> {
              assertThat(letter.error()).isNotBlank();
              assertThat(letter.job()).isEqualTo(SurgePricingJob.NAME);
            });
  }

  private static String cell(double[] place) {
    return Geohash.encode(place[0], place[1], Geohash.PRICING_PRECISION);
  }

  private static RideRequest request(String id, double[] place, long ts) {
    return Rides.request(id, place[0], place[1], ts);
  }

  private static void addDrivers(
      String prefix,
      double[] place,
      int count,
      List<DriverPosition> positions,
      List<DriverStatus> statuses) {
    for (int i = 0; i < count; i++) {
      String driverId = prefix + "-driver-" + i;
      positions.add(position(driverId, place[0], place[1], T0 - ONE_MINUTE));
      statuses.add(status(driverId, DriverState.AVAILABLE, T0 - ONE_MINUTE));
    }
  }

  /** Sends records that break the contract in various ways; returns their count by topic name. */
  private static Map<String, Integer> sendMalformed(Map<String, String> topics) {
    Map<Topic<?>, List<String>> malformed =
        Map.of(
            Topics.RIDE_REQUESTS,
                List.of(
                    "not json at all",
                    "{\"requestId\":\"x\",\"riderId\":\"r\",\"pickupLat\":95.0,\"pickupLng\":8.5,\"dropoffLat\":47.0,\"dropoffLng\":8.5,\"ts\":1767268800000}",
                    "{\"riderId\":\"r\",\"pickupLat\":47.0,\"pickupLng\":8.5,\"dropoffLat\":47.0,\"dropoffLng\":8.5,\"ts\":1767268800000}"),
            Topics.DRIVER_STATUS,
                List.of(
                    "{\"driverId\":\"d\",\"status\":\"ON_BREAK\",\"vehicleType\":\"XL\",\"rating\":4.5,\"ts\":1767268800000}",
                    "{\"driverId\":\"d\",\"status\":\"AVAILABLE\",\"vehicleType\":\"XL\",\"rating\":7.0,\"ts\":1767268800000}"),
            Topics.DRIVER_POSITIONS, List.of("{\"driverId\":\"d\",\"lat\":47.1"),
            Topics.PRICING_CONTEXT,
                List.of(
                    "{\"area\":\"abc!\",\"ts\":1767268800000}",
                    "{\"area\":\"u0\",\"traffic\":1.5,\"ts\":1767268800000}"));
    Map<String, Integer> countByName = new HashMap<>();
    malformed.forEach(
        (topic, values) -> {
          String name = topics.get(topic.id());
          KAFKA.sendRaw(
              name,
              values.stream()
                  .map(v -> Map.entry("bad", v.getBytes(StandardCharsets.UTF_8)))
                  .toList());
          countByName.put(name, values.size());
        });
    return countByName;
  }

  private static String[] jobArgs(Map<String, String> topics) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--bounded", "true",
                // A partition that the test's reader is slow to reach must not be declared idle.
                "--watermark.idle-timeout", "5 min"));
    topics.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    return args.toArray(String[]::new);
  }
}
