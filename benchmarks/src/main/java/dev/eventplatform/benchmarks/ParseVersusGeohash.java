package dev.eventplatform.benchmarks;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.eventplatform.geo.Geohash;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.serde.EventReader;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

/**
 * A timed-loop microbenchmark of the two per-ping costs of location-ingest that do not involve
 * state: {@code Geohash.encode} (the ch.hsr:geohash library behind the shared helper) and {@code
 * EventReader.read} (Jackson plus validation). If encoding is small beside parsing, a hand-written
 * allocation-free encoder would not pay for itself. Each operation is warmed up, then timed in
 * several rounds; the median round is reported, with bytes allocated per call.
 */
final class ParseVersusGeohash {

  /** One operation's cost. */
  record Cost(String operation, double nanosPerCall, double bytesPerCall) {}

  private static volatile Object sink;

  private ParseVersusGeohash() {}

  static Cost[] measure(long roundMs, int rounds) throws Exception {
    Random random = new Random(1);
    int n = 4096;
    double[] lats = new double[n];
    double[] lngs = new double[n];
    byte[][] pings = new byte[n][];
    ObjectWriter writer = EventJson.newMapper().writerFor(DriverLocation.class);
    for (int i = 0; i < n; i++) {
      lats[i] = 52.3 + random.nextDouble() * 0.4;
      lngs[i] = 13.1 + random.nextDouble() * 0.6;
      pings[i] =
          writer.writeValueAsBytes(
              new DriverLocation(
                  "drv-" + i, lats[i], lngs[i], 1_700_000_000_000L + i, 5.0, 11.2, 270.0));
    }
    EventReader<DriverLocation> reader = new EventReader<>(DriverLocation.class, "benchmark");
    Operation encode =
        i ->
            sink = Geohash.encode(lats[i & (n - 1)], lngs[i & (n - 1)], Geohash.POSITION_PRECISION);
    Operation parse = i -> sink = reader.read("driver-locations", 0, i, pings[i & (n - 1)]);
    return new Cost[] {
      time("Geohash.encode (precision 7)", encode, roundMs, rounds),
      time("EventReader.read (DriverLocation JSON)", parse, roundMs, rounds)
    };
  }

  private interface Operation {
    void run(int i);
  }

  private static Cost time(String name, Operation operation, long roundMs, int rounds) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    runFor(operation, roundMs * 2); // warm-up: let the JIT compile the path
    double[] nanos = new double[rounds];
    double[] bytes = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long allocatedBefore = threads.getThreadAllocatedBytes(thread);
      long start = System.nanoTime();
      long calls = runFor(operation, roundMs);
      nanos[r] = (System.nanoTime() - start) / (double) calls;
      bytes[r] = (threads.getThreadAllocatedBytes(thread) - allocatedBefore) / (double) calls;
    }
    Arrays.sort(nanos);
    Arrays.sort(bytes);
    return new Cost(name, nanos[rounds / 2], bytes[rounds / 2]);
  }

  /** Runs the operation in batches until {@code ms} have passed; returns the number of calls. */
  private static long runFor(Operation operation, long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    long calls = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1024; i++) {
        operation.run((int) calls++);
      }
    }
    return calls;
  }
}
