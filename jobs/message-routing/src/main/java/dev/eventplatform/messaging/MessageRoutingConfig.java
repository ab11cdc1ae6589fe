package dev.eventplatform.messaging;

import dev.eventplatform.config.PlatformConfig;
import dev.eventplatform.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of message-routing, on top of the {@linkplain PlatformConfig shared ones}:
 *
 * <ul>
 *   <li>{@code message-ttl}: a message not acknowledged by its recipient this long after it was
 *       sent (event time) expires with status {@code EXPIRED}, default 30 d;
 *   <li>{@code dedupe-window}: how long a sender's message ids are remembered to drop resends
 *       (processing time), default 1 d;
 *   <li>{@code push.collapse-interval}: at most one push notification per recipient this often
 *       (processing time), default 1 min;
 *   <li>{@code receipt-timeout}: a message delivered to an online recipient without a DELIVERED
 *       receipt this long (processing time) triggers a fallback push, default 30 s;
 *   <li>{@code buffer-timeout}: the longest a network buffer between operators waits to fill before
 *       it is sent; it bounds the added latency of each hop at low traffic, default 5 ms.
 * </ul>
 */
public record MessageRoutingConfig(
    PlatformConfig platform,
    Duration messageTtl,
    Duration dedupeWindow,
    Duration pushCollapseInterval,
    Duration receiptTimeout,
    Duration bufferTimeout)
    implements Serializable {

  public static MessageRoutingConfig from(Settings settings) {
    return new MessageRoutingConfig(
        PlatformConfig.from(settings, MessageRoutingJob.NAME),
        settings.duration("message-ttl", Duration.ofDays(30)),
        settings.duration("dedupe-window", Duration.ofDays(1)),
        settings.duration("push.collapse-interval", Duration.ofMinutes(1)),
        settings.duration("receipt-timeout", Duration.ofSeconds(30)),
        settings.duration("buffer-timeout", Duration.ofMillis(5)));
  }
}
