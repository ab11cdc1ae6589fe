package dev.eventplatform.kafka;

import static org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE;
import static org.apache.flink.connector.base.DeliveryGuarantee.EXACTLY_ONCE;

import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.GroupMembership;
import dev.eventplatform.model.chat.MessageStatus;
import dev.eventplatform.model.chat.Presence;
import dev.eventplatform.model.chat.PushNotification;
import dev.eventplatform.model.chat.Receipt;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverPosition;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.LocationAnomaly;
import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideQuote;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.RideUnmatched;
import dev.eventplatform.model.ride.SurgePrice;
import dev.eventplatform.model.video.AbrDecision;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.QoeMetrics;
import dev.eventplatform.model.video.Recommendations;
import dev.eventplatform.model.video.Trending;
import dev.eventplatform.model.video.ViewingEvent;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Every topic of CONTRACT.md. Outputs are exactly-once by default; the latency-critical ones
 * (matches, deliveries) are at-least-once with an idempotency key, because exactly-once output is
 * only visible after the checkpoint that commits it.
 */
public final class Topics {

  public static final Topic<DeadLetter> DEAD_LETTERS =
      topic("dead-letters", DeadLetter.class, DeadLetter::sourceTopic, EXACTLY_ONCE);

  // Ride hailing
  public static final Topic<DriverLocation> DRIVER_LOCATIONS =
      topic("driver-locations", DriverLocation.class, DriverLocation::driverId, EXACTLY_ONCE);
  public static final Topic<DriverStatus> DRIVER_STATUS =
      topic("driver-status", DriverStatus.class, DriverStatus::driverId, EXACTLY_ONCE);
  public static final Topic<RideRequest> RIDE_REQUESTS =
      topic("ride-requests", RideRequest.class, RideRequest::riderId, EXACTLY_ONCE);
  public static final Topic<PricingContext> PRICING_CONTEXT =
      topic("pricing-context", PricingContext.class, PricingContext::area, EXACTLY_ONCE);
  public static final Topic<DriverPosition> DRIVER_POSITIONS =
      topic("driver-positions", DriverPosition.class, DriverPosition::driverId, EXACTLY_ONCE);
  public static final Topic<LocationAnomaly> LOCATION_ANOMALIES =
      topic("location-anomalies", LocationAnomaly.class, LocationAnomaly::driverId, EXACTLY_ONCE);
  public static final Topic<SurgePrice> SURGE_PRICES =
      topic("surge-prices", SurgePrice.class, SurgePrice::cell, EXACTLY_ONCE);
  public static final Topic<RideQuote> RIDE_QUOTES =
      topic("ride-quotes", RideQuote.class, RideQuote::requestId, EXACTLY_ONCE);

  /** At-least-once: a rider waits on it; {@code requestId} is the idempotency key. */
  public static final Topic<RideMatch> RIDE_MATCHES =
      topic("ride-matches", RideMatch.class, RideMatch::requestId, AT_LEAST_ONCE);

  /** At-least-once like the matches it completes; {@code requestId} is the idempotency key. */
  public static final Topic<RideUnmatched> RIDE_UNMATCHED =
      topic("ride-unmatched", RideUnmatched.class, RideUnmatched::requestId, AT_LEAST_ONCE);

  // Streaming video
  /** A keyed table of titles: a tombstone withdraws its title, as {@code removed: true} does. */
  public static final Topic<CatalogEntry> CONTENT_CATALOG =
      new Topic<>(
          "content-catalog",
          CatalogEntry.class,
          CatalogEntry::contentId,
          EXACTLY_ONCE,
          CatalogEntry::removal);

  public static final Topic<ViewingEvent> VIEWING_EVENTS =
      topic("viewing-events", ViewingEvent.class, ViewingEvent::userId, EXACTLY_ONCE);
  public static final Topic<PlaybackHeartbeat> PLAYBACK_HEARTBEATS =
      topic(
          "playback-heartbeats",
          PlaybackHeartbeat.class,
          PlaybackHeartbeat::sessionId,
          EXACTLY_ONCE);
  public static final Topic<Recommendations> RECOMMENDATIONS =
      topic("recommendations", Recommendations.class, Recommendations::userId, EXACTLY_ONCE);
  public static final Topic<Trending> TRENDING =
      topic("trending", Trending.class, Trending::scope, EXACTLY_ONCE);
  public static final Topic<AbrDecision> ABR_DECISIONS =
      topic("abr-decisions", AbrDecision.class, AbrDecision::sessionId, EXACTLY_ONCE);
  public static final Topic<QoeMetrics> QOE_METRICS =
      topic("qoe-metrics", QoeMetrics.class, QoeMetrics::contentId, EXACTLY_ONCE);

  // Messaging
  public static final Topic<ChatMessage> CHAT_MESSAGES =
      topic("chat-messages", ChatMessage.class, ChatMessage::from, EXACTLY_ONCE);
  public static final Topic<Presence> PRESENCE =
      topic("presence", Presence.class, Presence::userId, EXACTLY_ONCE);
  public static final Topic<GroupMembership> GROUP_MEMBERSHIP =
      topic("group-membership", GroupMembership.class, GroupMembership::groupId, EXACTLY_ONCE);
  public static final Topic<Receipt> RECEIPTS =
      topic("receipts", Receipt.class, Receipt::to, EXACTLY_ONCE);

  /** At-least-once: the recipient waits on it; gateways de-duplicate by {@code messageId}. */
  public static final Topic<Delivery> DELIVERIES =
      topic("deliveries", Delivery.class, Delivery::gatewayId, AT_LEAST_ONCE);

  public static final Topic<PushNotification> PUSH_NOTIFICATIONS =
      topic("push-notifications", PushNotification.class, PushNotification::to, EXACTLY_ONCE);
  public static final Topic<MessageStatus> MESSAGE_STATUS =
      topic("message-status", MessageStatus.class, MessageStatus::to, EXACTLY_ONCE);

  /** All topics, for tools that create them (the launcher, tests). */
  public static final List<Topic<?>> ALL =
      List.of(
          DEAD_LETTERS,
          DRIVER_LOCATIONS,
          DRIVER_STATUS,
          RIDE_REQUESTS,
          PRICING_CONTEXT,
          DRIVER_POSITIONS,
          LOCATION_ANOMALIES,
          SURGE_PRICES,
          RIDE_QUOTES,
          RIDE_MATCHES,
          RIDE_UNMATCHED,
          CONTENT_CATALOG,
          VIEWING_EVENTS,
          PLAYBACK_HEARTBEATS,
          RECOMMENDATIONS,
          TRENDING,
          ABR_DECISIONS,
          QOE_METRICS,
          CHAT_MESSAGES,
          PRESENCE,
          GROUP_MEMBERSHIP,
          RECEIPTS,
          DELIVERIES,
          PUSH_NOTIFICATIONS,
          MESSAGE_STATUS);

  private Topics() {}

  private static <T> Topic<T> topic(
      String id, Class<T> type, SerializableFunction<T, String> key, DeliveryGuarantee guarantee) {
    return new Topic<>(id, type, key, guarantee);
  }
}
