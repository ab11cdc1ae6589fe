package dev.eventplatform.serde;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.DeadLetter;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;

/**
 * Turns the bytes of one record into an event of type {@code T}, or into a dead letter with a
 * readable reason. It never throws: invalid JSON, a missing required field, a wrong type, a value
 * out of range and an oversized payload all become dead letters.
 *
 * <p>Reasons describe what is wrong and where (field, line, column) but never quote the payload: on
 * {@code chat-messages} it holds ciphertext, which may only appear in the dead letter's {@code
 * payload}.
 */
public final class EventReader<T extends ContractEvent> {

  /** Larger records are rejected unread: a job must not buffer or parse arbitrary amounts. */
  public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

  /** How much of an oversized payload its dead letter keeps; the rest stays in the source topic. */
  static final int OVERSIZED_PAYLOAD_KEPT_BYTES = 64 * 1024;

  private final Class<T> type;
  private final String job;
  private final ObjectReader reader;

  public EventReader(Class<T> type, String job) {
    this.type = type;
    this.job = job;
    this.reader = EventJson.newMapper().readerFor(type);
  }

  public ParsedRecord<T> read(String topic, int partition, long offset, byte[] value) {
    if (value == null) {
      return reject(
          topic,
          partition,
          offset,
          null,
          "a tombstone (a key with no value), which deletes nothing on this topic");
    }
    if (value.length == 0) {
      return reject(topic, partition, offset, value, "empty record (no value)");
    }
    if (value.length > MAX_PAYLOAD_BYTES) {
      return reject(
          topic,
          partition,
          offset,
          Arrays.copyOf(value, OVERSIZED_PAYLOAD_KEPT_BYTES),
          "record of "
              + value.length
              + " bytes exceeds the limit of "
              + MAX_PAYLOAD_BYTES
              + " bytes; payload holds its first "
              + OVERSIZED_PAYLOAD_KEPT_BYTES
              + " bytes, the whole record stays at its source offset");
    }
    T event;
    try {
      event = reader.readValue(value);
    } catch (IOException | RuntimeException e) {
      return reject(topic, partition, offset, value, describe(e));
    }
    if (event == null) {
      return reject(topic, partition, offset, value, "the value is JSON null, expected an object");
    }
    return checked(topic, partition, offset, value, event);
  }

  /** The event if it keeps to the contract's ranges, else a dead letter with the violation. */
  ParsedRecord<T> checked(String topic, int partition, long offset, byte[] payload, T event) {
    String violation = event.violation();
    if (violation != null) {
      return reject(topic, partition, offset, payload, violation);
    }
    return ParsedRecord.ofEvent(event);
  }

  /** A dead letter for the record at {@code offset}, saying it is not a valid {@code T} and why. */
  ParsedRecord<T> reject(String topic, int partition, long offset, byte[] payload, String reason) {
    String base64 = payload == null ? "" : Base64.getEncoder().encodeToString(payload);
    return ParsedRecord.ofDeadLetter(
        new DeadLetter(
            topic,
            partition,
            offset,
            job,
            "not a valid " + type.getSimpleName() + ": " + reason,
            base64,
            System.currentTimeMillis()));
  }

  private static String describe(Exception e) {
    if (e instanceof JsonMappingException mapping
        && mapping.getCause() instanceof IOException cause) {
      // Broken bytes inside a field surface as a mapping error; the parser's cause says more.
      return describe(cause);
    }
    if (e instanceof CharConversionException) {
      return "not valid UTF-8 text";
    }
    if (e instanceof InvalidFormatException invalid
        && invalid.getTargetType() != null
        && invalid.getTargetType().isEnum()) {
      return "field '"
          + path(invalid)
          + "' must be one of "
          + Arrays.toString(invalid.getTargetType().getEnumConstants());
    }
    if (e instanceof MismatchedInputException mismatch) {
      String message = mismatch.getOriginalMessage();
      if (message != null && message.startsWith("Missing required creator property")) {
        return "missing required field '" + path(mismatch) + "'";
      }
      if (mismatch.getPath().isEmpty()) {
        return "expected a JSON object" + at(mismatch.getLocation());
      }
      return "field '"
          + path(mismatch)
          + "' has the wrong type, expected "
          + simpleName(mismatch.getTargetType());
    }
    if (e instanceof JsonMappingException mapping) {
      return "field '" + path(mapping) + "' cannot be read" + at(mapping.getLocation());
    }
    if (e instanceof StreamReadException read) {
      return "not valid JSON"
          + at(read.getLocation())
          + ": "
          + withoutQuotedText(read.getOriginalMessage());
    }
    if (e instanceof JsonProcessingException processing) {
      return "not valid JSON: " + withoutQuotedText(processing.getOriginalMessage());
    }
    return "unreadable record (" + e.getClass().getSimpleName() + ")";
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String simpleName(Class<?> type) {
    return type == null ? "another type" : type.getSimpleName();
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * Jackson's parser messages quote the token they choke on; a token may be a piece of ciphertext,
   * so quoted text longer than a few characters is cut out of the reason.
   */
  static String withoutQuotedText(String message) {
    if (message == null) {
      return "";
    }
    String firstLine = message.lines().findFirst().orElse("");
    return firstLine.replaceAll("'[^']{4,}'", "'…'").replaceAll("\"[^\"]{4,}\"", "\"…\"");
  }
}
