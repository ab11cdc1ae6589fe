package dev.eventplatform.simulator;

import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.config.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The simulator's settings, each a {@code --key value} argument (or a line of a {@code --config}
 * file):
 *
 * <ul>
 *   <li>{@code bootstrap-servers} (alias {@code bootstrap}, required): the Kafka cluster;
 *   <li>{@code kafka.<property>}: passed to the producer and consumer (security included);
 *   <li>{@code topic.<id>}: the name of a contract topic, default its id;
 *   <li>{@code rate}: events per second over all domains, default 200;
 *   <li>{@code domains}: any of {@code ride,video,chat}, default all three;
 *   <li>{@code seed}: the seed of every random choice, default 42;
 *   <li>{@code malformed-share}: the share of records spoiled on purpose, default 0.01;
 *   <li>{@code duration}: how long to run, e.g. {@code 10 min}; default until Ctrl-C;
 *   <li>{@code max-events}: stop after this many records, default unlimited;
 *   <li>{@code progress-interval}: how often to print the summary line, default 5 s.
 * </ul>
 */
public record SimulatorConfig(
    PlatformConfig platform,
    double rate,
    List<String> domains,
    long seed,
    double malformedShare,
    Duration duration,
    long maxEvents,
    Duration progressInterval) {

  static final String USAGE =
      """
      Usage: java -jar simulator.jar --bootstrap-servers HOST:PORT [options]
        --bootstrap-servers HOST:PORT  Kafka cluster (alias: --bootstrap)
        --rate N                       events per second over all domains (default 200)
        --domains ride,video,chat      which worlds to simulate (default all three)
        --seed N                       seed of every random choice (default 42)
        --malformed-share X            share of records spoiled on purpose, 0..1 (default 0.01)
        --duration D                   how long to run, e.g. '10 min' (default: until Ctrl-C)
        --max-events N                 stop after N records (default: no limit)
        --progress-interval D          how often to print the summary line (default 5 s)
        --topic.<id> NAME              another name for a contract topic, e.g. --topic.presence presence-v2
        --kafka.<property> VALUE       any Kafka client property, e.g. --kafka.security.protocol SSL
        --config FILE                  the same settings from a .properties or .yaml file
      Reads ride-matches (drivers take their trips) and deliveries (clients open, verify and
      acknowledge them) when the platform's jobs run; works without them too.
      """;

  public static SimulatorConfig from(Settings settings) {
    String alias = settings.string("bootstrap", null);
    if (alias != null && settings.string("bootstrap-servers", null) == null) {
      settings = settings.with("bootstrap-servers", alias);
    }
    double rate = settings.decimal("rate", 200);
    double malformedShare = settings.decimal("malformed-share", 0.01);
    if (!(rate > 0)) {
      throw new IllegalArgumentException("setting --rate must be positive, found " + rate);
    }
    if (!(malformedShare >= 0 && malformedShare <= 1)) {
      throw new IllegalArgumentException(
          "setting --malformed-share must be within 0..1, found " + malformedShare);
    }
    List<String> domains =
        Arrays.stream(settings.string("domains", "ride,video,chat").split(","))
            .map(String::trim)
            .filter(domain -> !domain.isEmpty())
            .distinct()
            .toList();
    return new SimulatorConfig(
        PlatformConfig.from(settings, "simulator"),
        rate,
        domains,
        settings.longValue("seed", 42),
        malformedShare,
        settings.duration("duration", null),
        settings.longValue("max-events", Long.MAX_VALUE),
        settings.duration("progress-interval", Duration.ofSeconds(5)));
  }
}
