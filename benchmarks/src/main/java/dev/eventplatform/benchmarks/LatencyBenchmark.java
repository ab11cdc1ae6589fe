package dev.eventplatform.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventplatform.geo.Geohash;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverState;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.serde.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * End-to-end latency at a fixed input rate below the maximum: the job runs unbounded on a
 * pre-loaded world (drivers, online users), a paced producer writes requests or messages with the
 * wall clock as their event time, and a reader matches each output to its input by key. Latency =
 * output record's Kafka timestamp − input record's Kafka timestamp (both are write times on this
 * machine's clock), recorded in an HdrHistogram.
 */
final class LatencyBenchmark {

  /** A box around Berlin's centre, about 27 × 24 km. */
  private static final double SOUTH = 52.40;

  private static final double NORTH = 52.62;
  private static final double WEST = 13.20;
  private static final double EAST = 13.60;
  private static final String[] VEHICLES = {"ECONOMY", "ECONOMY", "ECONOMY", "XL", "PREMIUM"};

  private final JobRunner runner;
  private final List<String> jobArgs;
  private final ObjectMapper mapper = EventJson.newMapper();

  LatencyBenchmark(JobRunner runner, List<String> jobArgs) {
    this.runner = runner;
    // Dead letters are off the measured path; at-least-once makes their count on the topic exact.
    this.jobArgs = new ArrayList<>(jobArgs);
    this.jobArgs.addAll(List.of("--delivery-guarantee.dead-letters", "at-least-once"));
  }

  /** Settings of one paced run. */
  record Pace(double perSecond, long warmupMs, long measuredMs) {}

  /**
   * ride-matching, request → match, with {@code drivers} moving drivers pre-loaded (an AVAILABLE
   * status and two positions each). During the run, {@code movesPerSecond} random drivers report a
   * new position, and a matched driver becomes AVAILABLE again at once (the rider's trip is not
   * simulated), so the supply of drivers holds.
   */
  LatencyResult rideMatching(int drivers, double movesPerSecond, Pace pace, int parallelism)
      throws Exception {
    Random random = new Random(7);
    long now = System.currentTimeMillis();
    Workload world = new Workload();
    double[][] where = new double[drivers][];
    for (int i = 0; i < drivers; i++) {
      String id = "drv-" + i;
      where[i] = new double[] {uniform(random, SOUTH, NORTH), uniform(random, WEST, EAST)};
      world.add(
          json(
              Topics.DRIVER_STATUS.id(),
              id,
              new DriverStatus(
                  id, DriverState.AVAILABLE, VEHICLES[i % VEHICLES.length], 4.8, now - 20_000)));
      world.add(json(Topics.DRIVER_POSITIONS.id(), id, position(id, where[i], null, now - 12_000)));
    }
    for (int i = 0; i < drivers; i++) {
      String id = "drv-" + i;
      String before = Geohash.encode(where[i][0], where[i][1], Geohash.POSITION_PRECISION);
      move(random, where[i]);
      world.add(
          json(Topics.DRIVER_POSITIONS.id(), id, position(id, where[i], before, now - 8_000)));
    }
    Map<String, String> inputs = runner.load(world, "latency-ride-" + parallelism);
    JobRunner.Run run =
        runner.start(
            JobSpec.RIDE_MATCHING, inputs, false, parallelism, new Configuration(), jobArgs);
    runner.awaitCaughtUp(run, inputs, Duration.ofMinutes(5));

    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Recorder recorder = new Recorder(3);
    AtomicLong matched = new AtomicLong();
    AtomicLong measuredSends = new AtomicLong();
    AtomicLong unmatched = new AtomicLong();
    double achieved;
    try (KafkaProducer<byte[], byte[]> producer = runner.kafka.lowLatencyProducer();
        var follower =
            runner.kafka.follow(
                List.of(
                    run.outputs().get(Topics.RIDE_MATCHES.id()),
                    run.outputs().get(Topics.RIDE_UNMATCHED.id())),
                record -> {
                  Long sent = sentAt.remove(new String(record.key(), StandardCharsets.UTF_8));
                  if (sent == null) {
                    return; // a repeat (at-least-once) or a warm-up request
                  }
                  if (record.topic().equals(run.outputs().get(Topics.RIDE_UNMATCHED.id()))) {
                    unmatched.incrementAndGet();
                    return;
                  }
                  matched.incrementAndGet();
                  recorder.recordValue(Math.max(0, record.timestamp() - sent));
                  String driver = field(record.value(), "driverId");
                  long ts = System.currentTimeMillis();
                  producer.send(
                      BenchmarkKafka.record(
                          inputs.get(Topics.DRIVER_STATUS.id()),
                          driver,
                          bytes(
                              new DriverStatus(
                                  driver, DriverState.AVAILABLE, "ECONOMY", 4.8, ts))));
                })) {
      String requests = run.topics().get(Topics.RIDE_REQUESTS.id());
      String positions = inputs.get(Topics.DRIVER_POSITIONS.id());
      double movesPerRequest = movesPerSecond / pace.perSecond();
      achieved =
          PacedSender.run(
              pace.perSecond(),
              pace.warmupMs(),
              pace.measuredMs(),
              (sequence, measured) -> {
                long ts = System.currentTimeMillis();
                for (int m = 0; m < movesPerRequest + random.nextDouble() - 0.5; m++) {
                  int i = random.nextInt(drivers);
                  String before =
                      Geohash.encode(where[i][0], where[i][1], Geohash.POSITION_PRECISION);
                  move(random, where[i]);
                  producer.send(
                      BenchmarkKafka.record(
                          positions,
                          "drv-" + i,
                          bytes(position("drv-" + i, where[i], before, ts))));
                }
                String requestId = "req-" + sequence;
                double[] pickup = {
                  uniform(random, SOUTH + 0.03, NORTH - 0.03),
                  uniform(random, WEST + 0.05, EAST - 0.05)
                };
                RideRequest request =
                    new RideRequest(
                        requestId,
                        "rider-" + random.nextInt(1_000_000),
                        pickup[0],
                        pickup[1],
                        pickup[0] + 0.02,
                        pickup[1] + 0.02,
                        ts,
                        null,
                        null);
                producer.send(
                    BenchmarkKafka.record(requests, request.riderId(), bytes(request)),
                    (metadata, error) -> {
                      if (error == null && measured) {
                        sentAt.put(requestId, metadata.timestamp());
                        measuredSends.incrementAndGet();
                      }
                    });
              });
      producer.flush();
      awaitAnswers(sentAt);
    }
    run.job().cancel();
    long deadLetters = runner.kafka.endOffsetSum(run.outputs().get(Topics.DEAD_LETTERS.id()));
    Histogram histogram = recorder.getIntervalHistogram();
    return new LatencyResult(
        "ride-matching",
        "request → match",
        pace.perSecond(),
        achieved,
        measuredSends.get(),
        matched.get(),
        unmatched.get(),
        histogram,
        drivers
            + " drivers, "
            + Math.round(movesPerSecond)
            + " moves/s, p="
            + parallelism
            + "; "
            + unmatched.get()
            + " unmatched, "
            + sentAt.size()
            + " unanswered, "
            + deadLetters
            + " dead letters");
  }

  /**
   * message-routing, accept → delivery of 1:1 messages between online users: {@code users} ONLINE
   * (four gateways) are pre-loaded; messages carry a 160-byte random envelope (the size of a short
   * sealed text).
   */
  LatencyResult messageRouting(int users, Pace pace, int parallelism) throws Exception {
    ChatInput chat = new ChatInput(users, 11);
    Map<String, String> inputs =
        runner.load(
            chat.onlineUsers(System.currentTimeMillis() - 10_000), "latency-chat-" + parallelism);
    JobRunner.Run run =
        runner.start(
            JobSpec.MESSAGE_ROUTING, inputs, false, parallelism, new Configuration(), jobArgs);
    runner.awaitCaughtUp(run, inputs, Duration.ofMinutes(5));

    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Recorder recorder = new Recorder(3);
    AtomicLong delivered = new AtomicLong();
    AtomicLong measuredSends = new AtomicLong();
    String input = run.topics().get(Topics.CHAT_MESSAGES.id());
    double achieved;
    try (KafkaProducer<byte[], byte[]> producer = runner.kafka.lowLatencyProducer();
        var follower =
            runner.kafka.follow(
                List.of(run.outputs().get(Topics.DELIVERIES.id())),
                record -> {
                  Long sent = sentAt.remove(field(record.value(), "messageId"));
                  if (sent != null) {
                    delivered.incrementAndGet();
                    recorder.recordValue(Math.max(0, record.timestamp() - sent));
                  }
                })) {
      achieved =
          PacedSender.run(
              pace.perSecond(),
              pace.warmupMs(),
              pace.measuredMs(),
              (sequence, measured) -> {
                ChatMessage message = chat.message(sequence);
                InputRecord record = chat.record(message);
                producer.send(
                    BenchmarkKafka.record(input, record.key(), record.value()),
                    (metadata, error) -> {
                      if (error == null && measured) {
                        sentAt.put(message.messageId(), metadata.timestamp());
                        measuredSends.incrementAndGet();
                      }
                    });
              });
      producer.flush();
      awaitAnswers(sentAt);
    }
    run.job().cancel();
    long deadLetters = runner.kafka.endOffsetSum(run.outputs().get(Topics.DEAD_LETTERS.id()));
    return new LatencyResult(
        "message-routing",
        "accept → delivery (1:1, online)",
        pace.perSecond(),
        achieved,
        measuredSends.get(),
        delivered.get(),
        0,
        recorder.getIntervalHistogram(),
        users
            + " online users, p="
            + parallelism
            + "; "
            + sentAt.size()
            + " undelivered, "
            + deadLetters
            + " dead letters");
  }

  /**
   * Waits until every measured input has its answer, or until answers stop coming for 30 s. The
   * first answer may take longer (up to 2 minutes): when the rate is above what the machine
   * sustains, the job works through a backlog first, and that shows as latency, not as silence.
   */
  private static void awaitAnswers(Map<String, Long> pending) throws InterruptedException {
    int initial = pending.size();
    int last = initial;
    long quietSince = System.nanoTime();
    while (!pending.isEmpty()) {
      long quiet = System.nanoTime() - quietSince;
      long allowed =
          pending.size() == initial
              ? Duration.ofMinutes(2).toNanos()
              : Duration.ofSeconds(30).toNanos();
      if (quiet > allowed) {
        return;
      }
      if (pending.size() != last) {
        last = pending.size();
        quietSince = System.nanoTime();
      }
      Thread.sleep(100);
    }
  }

  private static DriverPosition position(String id, double[] where, String before, long ts) {
    return new DriverPosition(
        id,
        where[0],
        where[1],
        Geohash.encode(where[0], where[1], Geohash.POSITION_PRECISION),
        before,
        false,
        ts);
  }

  /** About 50 m in a random direction, as a car moves between two pings. */
  private static void move(Random random, double[] where) {
    where[0] = Math.max(SOUTH, Math.min(NORTH, where[0] + (random.nextDouble() - 0.5) * 0.0009));
    where[1] = Math.max(WEST, Math.min(EAST, where[1] + (random.nextDouble() - 0.5) * 0.0015));
  }

  private static double uniform(Random random, double from, double to) {
    return from + random.nextDouble() * (to - from);
  }

  private InputRecord json(String topicId, String key, Object event) {
    return new InputRecord(topicId, key, bytes(event));
  }

  private byte[] bytes(Object event) {
    try {
      return mapper.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String field(byte[] json, String name) {
    try {
      JsonNode node = mapper.readTree(json).get(name);
      return node == null ? "" : node.asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
