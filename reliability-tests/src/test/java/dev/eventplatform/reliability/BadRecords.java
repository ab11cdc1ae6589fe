package dev.eventplatform.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.serde.EventReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of records that no job may accept, made from good records of the same topic so
 * they look like the real thing: truncated JSON, wrong types, missing required fields, values out
 * of range (including NaN and infinities where the contract has a range), invalid UTF-8, empty
 * values, random binary, JSON that is not an object, and payloads over the size limit. The same
 * seed gives the same records, so a failure reproduces.
 *
 * <p>Only corruptions that make a record invalid for every topic are used: a "huge value" is a
 * number out of the contract's range (a huge but valid string is still a good record).
 */
final class BadRecords {

  /** How each bad record was made, for figures and failure messages. */
  enum Kind {
    TRUNCATED,
    WRONG_TYPE,
    MISSING_FIELD,
    OUT_OF_RANGE_NUMBER,
    NOT_A_NUMBER,
    INVALID_UTF8,
    EMPTY,
    BINARY,
    NOT_AN_OBJECT,
    OVERSIZED
  }

  record BadRecord(Kind kind, byte[] value) {}

  private static final ObjectMapper MAPPER = EventJson.newMapper();

  private final Random random;

  BadRecords(long seed) {
    this.random = new Random(seed);
  }

  /**
   * {@code count} bad records modelled on {@code goodExamples}. Oversized records are rare (one in
   * 500) because each is over a megabyte.
   */
  List<BadRecord> generate(List<? extends ContractEvent> goodExamples, int count) {
    List<BadRecord> bad = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ContractEvent example = goodExamples.get(random.nextInt(goodExamples.size()));
      bad.add(corrupt(example, i % 500 == 499 ? Kind.OVERSIZED : pick()));
    }
    return bad;
  }

  private Kind pick() {
    Kind[] kinds = Kind.values();
    return kinds[random.nextInt(kinds.length - 1)]; // OVERSIZED is placed by generate()
  }

  BadRecord corrupt(ContractEvent example, Kind kind) {
    ObjectNode json = MAPPER.valueToTree(example);
    byte[] good = json.toString().getBytes(StandardCharsets.UTF_8);
    return switch (kind) {
      case TRUNCATED ->
          new BadRecord(kind, java.util.Arrays.copyOf(good, 1 + random.nextInt(good.length - 2)));
      case WRONG_TYPE -> {
        // "ts" is required on every topic: an object where a number belongs.
        json.putObject("ts").put("value", random.nextInt());
        yield new BadRecord(kind, bytes(json));
      }
      case MISSING_FIELD -> {
        json.remove("ts");
        yield new BadRecord(kind, bytes(json));
      }
      case OUT_OF_RANGE_NUMBER -> {
        json.put("ts", -1L - random.nextInt(1_000_000)); // event time before 1970
        yield new BadRecord(kind, bytes(json));
      }
      case NOT_A_NUMBER -> {
        // Not valid JSON: JSON has no NaN or Infinity literals, and strict parsers reject them.
        String literal = random.nextBoolean() ? "NaN" : "-Infinity";
        String text = json.toString().replaceFirst("\"ts\":-?\\d+", "\"ts\":" + literal);
        yield new BadRecord(kind, text.getBytes(StandardCharsets.UTF_8));
      }
      case INVALID_UTF8 -> {
        // A lone continuation byte and an overlong encoding inside the first string value.
        String text = json.toString();
        int quote = text.indexOf(":\"") + 2;
        byte[] head = text.substring(0, quote).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(quote).getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[head.length + 3 + tail.length];
        System.arraycopy(head, 0, broken, 0, head.length);
        broken[head.length] = (byte) 0x80;
        broken[head.length + 1] = (byte) 0xC0;
        broken[head.length + 2] = (byte) 0xAF;
        System.arraycopy(tail, 0, broken, head.length + 3, tail.length);
        yield new BadRecord(kind, broken);
      }
      case EMPTY -> new BadRecord(kind, new byte[0]);
      case BINARY -> {
        byte[] noise = new byte[1 + random.nextInt(300)];
        random.nextBytes(noise);
        noise[0] = (byte) (0x80 | noise[0]); // never starts like JSON
        yield new BadRecord(kind, noise);
      }
      case NOT_AN_OBJECT -> {
        String[] values = {"[]", "null", "42", "\"text\"", "[" + json + "]", "true"};
        yield new BadRecord(
            kind, values[random.nextInt(values.length)].getBytes(StandardCharsets.UTF_8));
      }
      case OVERSIZED -> {
        // A valid-looking record padded past the limit: rejected unread, never buffered whole.
        StringBuilder padding = new StringBuilder(EventReader.MAX_PAYLOAD_BYTES + 1024);
        while (padding.length() <= EventReader.MAX_PAYLOAD_BYTES) {
          padding.append("padding-");
        }
        json.put("padding", padding.toString());
        yield new BadRecord(kind, bytes(json));
      }
    };
  }

  private static byte[] bytes(ObjectNode json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
