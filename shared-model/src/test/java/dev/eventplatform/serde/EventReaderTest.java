package dev.eventplatform.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.DeadLetter;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.ride.DriverLocation;
import dev.eventplatform.model.ride.DriverStatus;
import dev.eventplatform.model.ride.PricingContext;
import dev.eventplatform.model.ride.Weather;
import dev.eventplatform.model.video.ViewingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventReaderTest {

  private static final String PING =
      "{\"driverId\":\"d1\",\"lat\":47.3779,\"lng\":8.5403,\"ts\":1767225600000}";

  private final EventReader<DriverLocation> pings =
      new EventReader<>(DriverLocation.class, "test-job");

  @Test
  void readsAValidEventAndIgnoresUnknownFields() {
    ParsedRecord<DriverLocation> record =
        read(
            pings,
            "{\"driverId\":\"d1\",\"lat\":47.3779,\"lng\":8.5403,\"ts\":1767225600000,"
                + "\"speedMps\":11.5,\"firmware\":\"v2\"}");

    assertThat(record.isEvent()).isTrue();
    assertThat(record.event())
        .isEqualTo(new DriverLocation("d1", 47.3779, 8.5403, 1767225600000L, null, 11.5, null));
  }

  @Test
  void readsEnumsListsAndOptionalFields() {
    ParsedRecord<PricingContext> record =
        read(
            new EventReader<>(PricingContext.class, "test-job"),
            "{\"area\":\"u0qj\",\"ts\":1,\"weather\":\"RAIN\",\"events\":[\"concert\"],\"traffic\":0.8}");

    assertThat(record.event())
        .isEqualTo(new PricingContext("u0qj", 1, Weather.RAIN, List.of("concert"), 0.8));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          truncated JSON          | {"driverId":"d1","lat":47.3                                     | not valid JSON
          not JSON at all         | hello                                                          | not valid JSON
          trailing garbage        | {"driverId":"d1","lat":1,"lng":1,"ts":1} x                     | not valid JSON
          a JSON array            | [1,2,3]                                                        | expected a JSON object
          missing field           | {"driverId":"d1","lng":8.5,"ts":1767225600000}                 | missing required field 'lat'
          wrong type: string      | {"driverId":"d1","lat":"north","lng":8.5,"ts":1767225600000}   | field 'lat' has the wrong type
          wrong type: number      | {"driverId":42,"lat":1.0,"lng":8.5,"ts":1767225600000}         | field 'driverId' has the wrong type
          wrong type: fraction ts | {"driverId":"d1","lat":1.0,"lng":8.5,"ts":1.5}                 | field 'ts' has the wrong type
          null for a number       | {"driverId":"d1","lat":null,"lng":8.5,"ts":1767225600000}      | field 'lat'
          latitude out of range   | {"driverId":"d1","lat":91.0,"lng":8.5,"ts":1767225600000}      | field 'lat' is 91.0, outside [-90.0, 90.0]
          longitude out of range  | {"driverId":"d1","lat":1.0,"lng":-180.5,"ts":1767225600000}    | field 'lng' is -180.5, outside
          huge number             | {"driverId":"d1","lat":1e400,"lng":8.5,"ts":1767225600000}     | outside [-90.0, 90.0]
          NaN                     | {"driverId":"d1","lat":NaN,"lng":8.5,"ts":1767225600000}       | not valid JSON
          blank id                | {"driverId":" ","lat":1.0,"lng":8.5,"ts":1767225600000}        | field 'driverId' must not be blank
          no time                 | {"driverId":"d1","lat":1.0,"lng":8.5,"ts":0}                   | field 'ts' must be a positive
          JSON null               | null                                                           | JSON null
          """)
  void turnsEveryKindOfBadPingIntoADeadLetterWithItsReason(
      String kind, String json, String reason) {
    ParsedRecord<DriverLocation> record = read(pings, json);

    assertThat(record.isEvent()).as(kind).isFalse();
    DeadLetter letter = record.deadLetter();
    assertThat(letter.error()).startsWith("not a valid DriverLocation: ").contains(reason);
    assertThat(letter.sourceTopic()).isEqualTo("driver-locations");
    assertThat(letter.partition()).isEqualTo(1);
    assertThat(letter.offset()).isEqualTo(42);
    assertThat(letter.job()).isEqualTo("test-job");
    assertThat(Base64.getDecoder().decode(letter.payload()))
        .isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    assertThat(letter.ts()).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          rating above 5          | {"driverId":"d1","status":"AVAILABLE","vehicleType":"XL","rating":5.5,"ts":1}  | field 'rating' is 5.5
          rating below 1          | {"driverId":"d1","status":"AVAILABLE","vehicleType":"XL","rating":0.0,"ts":1}  | field 'rating' is 0.0
          unknown status          | {"driverId":"d1","status":"ASLEEP","vehicleType":"XL","rating":4.0,"ts":1}     | field 'status' must be one of [AVAILABLE, BUSY, OFFLINE]
          """)
  void checksDriverStatusRanges(String kind, String json, String reason) {
    assertThat(read(new EventReader<>(DriverStatus.class, "j"), json).deadLetter().error())
        .as(kind)
        .contains(reason);
  }

  @Test
  void checksCompletionRateAndTraffic() {
    String view =
        "{\"userId\":\"u\",\"contentId\":\"c\",\"sessionId\":\"s\",\"watchedMs\":1000,"
            + "\"completionRate\":1.2,\"device\":\"tv\",\"ts\":1}";
    assertThat(read(new EventReader<>(ViewingEvent.class, "j"), view).deadLetter().error())
        .contains("field 'completionRate' is 1.2, outside [0.0, 1.0]");

    String context = "{\"area\":\"\",\"ts\":1,\"traffic\":-0.1}";
    assertThat(read(new EventReader<>(PricingContext.class, "j"), context).deadLetter().error())
        .contains("field 'traffic' is -0.1, outside [0.0, 1.0]");
  }

  @Test
  void rejectsAnEmptyRecordAndATombstone() {
    assertThat(pings.read("t", 0, 0, new byte[0]).deadLetter().error()).contains("empty record");
    assertThat(pings.read("t", 0, 0, null).deadLetter().error())
        .contains("a tombstone (a key with no value), which deletes nothing on this topic");
    assertThat(pings.read("t", 0, 0, null).deadLetter().payload()).isEmpty();
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] latin1 =
        "{\"driverId\":\"Zürich\",\"lat\":1,\"lng\":1,\"ts\":1}"
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThat(pings.read("t", 0, 0, latin1).deadLetter().error()).contains("UTF-8");
  }

  @Test
  void rejectsAnOversizedRecordUnreadAndKeepsItsFirstBytes() {
    byte[] huge = new byte[EventReader.MAX_PAYLOAD_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    byte[] start = PING.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(start, 0, huge, 0, start.length);

    DeadLetter letter = pings.read("t", 0, 7, huge).deadLetter();

    assertThat(letter.error()).contains("1048577 bytes exceeds the limit of 1048576 bytes");
    assertThat(Base64.getDecoder().decode(letter.payload()))
        .hasSize(EventReader.OVERSIZED_PAYLOAD_KEPT_BYTES)
        .startsWith(start);
  }

  @Test
  void aReasonNeverQuotesThePayload() {
    String ciphertext = "Q2lwaGVydGV4dFRoYXRNdXN0TmV2ZXJMZWFr";
    EventReader<ChatMessage> messages = new EventReader<>(ChatMessage.class, "j");
    List<String> broken =
        List.of(
            "{\"messageId\":\"m\",\"from\":\"a\",\"to\":\"b\",\"ciphertext\":\"" + ciphertext,
            "{\"messageId\":\"m\",\"from\":\"a\",\"to\":\"b\",\"ciphertext\":"
                + ciphertext
                + ",\"ts\":1}",
            "{\"messageId\":\"m\",\"from\":\"a\",\"to\":\"b\",\"ciphertext\":[\""
                + ciphertext
                + "\"],\"ts\":1}",
            "{\"messageId\":\"m\",\"from\":\"a\",\"to\":\"b\",\"ciphertext\":\""
                + ciphertext
                + "\",\"ts\":\""
                + ciphertext
                + "\"}",
            "{\"messageId\":\"m\",\"from\":\"a\",\"to\":\"b\",\"ciphertext\":\""
                + ciphertext
                + "\",\"kind\":\""
                + ciphertext
                + "\",\"ts\":1}");

    for (String json : broken) {
      DeadLetter letter = read(messages, json).deadLetter();
      assertThat(letter).as(json).isNotNull();
      assertThat(letter.error())
          .as(json)
          .doesNotContain(ciphertext)
          .doesNotContain(ciphertext.substring(0, 8));
    }
  }

  @Test
  void aChatMessageNeverPrintsItsCiphertext() {
    ChatMessage message = new ChatMessage("m", "a", "b", null, "U2VjcmV0", 1, null);

    assertThat(message.toString()).doesNotContain("U2VjcmV0").contains("<8 chars>");
  }

  private static <T extends dev.eventplatform.model.ContractEvent> ParsedRecord<T> read(
      EventReader<T> reader, String json) {
    return reader.read("driver-locations", 1, 42, json.getBytes(StandardCharsets.UTF_8));
  }
}
