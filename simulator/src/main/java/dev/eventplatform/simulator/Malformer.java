package dev.eventplatform.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Spoils a copy of a valid record the three ways real producers do, so the platform's
 * dead-lettering has something to show: JSON cut off mid-way, a field of the wrong type, and a
 * value out of the contract's range (a latitude of 123, a rating of 9.5). Every spoiled record is
 * one the platform must reject.
 */
final class Malformer {

  /** Per topic id: a field and a value the contract forbids for it. */
  private static final Map<String, Map.Entry<String, Object>> OUT_OF_RANGE =
      Map.ofEntries(
          Map.entry("driver-locations", Map.entry("lat", 123.4)),
          Map.entry("driver-status", Map.entry("rating", 9.5)),
          Map.entry("ride-requests", Map.entry("pickupLng", 250.0)),
          Map.entry("pricing-context", Map.entry("traffic", 3.0)),
          Map.entry("content-catalog", Map.entry("durationMs", -5)),
          Map.entry("viewing-events", Map.entry("completionRate", 1.8)),
          Map.entry("playback-heartbeats", Map.entry("bandwidthKbps", -100.0)),
          Map.entry("chat-messages", Map.entry("messageId", " ")),
          Map.entry("presence", Map.entry("userId", "")),
          Map.entry("group-membership", Map.entry("action", "MAYBE")),
          Map.entry("receipts", Map.entry("ts", -1)));

  private final Random random;
  private final ObjectMapper mapper;

  Malformer(Random random, ObjectMapper mapper) {
    this.random = random;
    this.mapper = mapper;
  }

  byte[] spoil(String topicId, byte[] validJson) {
    int way = random.nextInt(3);
    if (way == 0) {
      // Cut inside the object, so the closing brace is always gone.
      int cut = 1 + random.nextInt(Math.max(1, validJson.length - 2));
      return Arrays.copyOf(validJson, cut);
    }
    try {
      ObjectNode node = (ObjectNode) mapper.readTree(validJson);
      if (way == 1) {
        node.put("ts", "yesterday");
      } else {
        Map.Entry<String, Object> bad = OUT_OF_RANGE.get(topicId);
        node.set(bad.getKey(), mapper.valueToTree(bad.getValue()));
      }
      return mapper.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("our own JSON does not parse", e);
    }
  }
}
