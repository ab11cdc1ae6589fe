package dev.eventplatform.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.launcher.FlinkRestClient.JobOverview;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryBoardTest {

  private final SummaryBoard board = new SummaryBoard();

  private void record(String topic, String json) {
    record(topic, json, Duration.ofSeconds(30));
  }

  private void record(String topic, String json, Duration sinceStart) {
    board.record(topic, json.getBytes(UTF_8), sinceStart);
  }

  @Test
  void hottestCellsKeepEachCellsLatestPriceHighestFirst() {
    record("surge-prices", "{\"cell\":\"u33dc0\",\"multiplier\":1.5,\"demand\":12,\"supply\":8}");
    record("surge-prices", "{\"cell\":\"u33dc1\",\"multiplier\":2.0,\"demand\":20,\"supply\":5}");
    record("surge-prices", "{\"cell\":\"u33dc0\",\"multiplier\":2.5,\"demand\":25,\"supply\":4}");

    assertThat(board.hottestCells())
        .containsExactly(
            new SummaryBoard.Surge("u33dc0", 2.5, 25, 4),
            new SummaryBoard.Surge("u33dc1", 2.0, 20, 5));
  }

  @Test
  void countsEveryRecordEvenUnreadableOnes() {
    record("driver-locations", "{\"driverId\":\"d1\"}");
    record("driver-locations", "not json");
    record("ride-unmatched", "{\"requestId\":\"r1\",\"reason\":\"TIMEOUT\"}");

    assertThat(board.total("driver-locations")).isEqualTo(2);
    assertThat(board.total("ride-unmatched")).isEqualTo(1);
  }

  @Test
  void rendersRatesSinceTheLastRenderAndDeadLetterReasons() {
    record("driver-locations", "{}");
    record("driver-locations", "{}");
    record("dead-letters", "{\"job\":\"location-ingest\",\"error\":\"lat 91.0 is out of range\"}");

    List<String> lines =
        board.render(
            Duration.ofSeconds(65),
            Duration.ofSeconds(2),
            List.of(new JobOverview("a1", "location-ingest", "RUNNING")),
            "header");

    assertThat(lines.get(0)).isEqualTo("header   up 0:01:05");
    assertThat(lines).contains("Jobs: location-ingest RUNNING");
    assertThat(lines)
        .anyMatch(line -> line.matches("\\s+driver-locations\\s+2\\s+1\\.0\\s+0:00:30"));
    assertThat(lines)
        .contains("Dead letters: 1", "       1  location-ingest: lat 91.0 is out of range");

    List<String> next =
        board.render(Duration.ofSeconds(66), Duration.ofSeconds(1), List.of(), "header");
    assertThat(next)
        .anyMatch(line -> line.matches("\\s+driver-locations\\s+2\\s+0\\.0\\s+0:00:30"));
  }

  @Test
  void showsHowLongAfterTheStartEachTopicsFirstRecordCame() {
    record("driver-locations", "{}", Duration.ofSeconds(31));
    record("driver-positions", "{}", Duration.ofSeconds(47));
    record("driver-positions", "{}", Duration.ofSeconds(50));

    List<String> lines =
        board.render(Duration.ofSeconds(60), Duration.ofSeconds(10), List.of(), "header");

    assertThat(lines)
        .anyMatch(line -> line.matches("\\s+driver-locations\\s+1\\s+0\\.1\\s+0:00:31"))
        .anyMatch(line -> line.matches("\\s+driver-positions\\s+2\\s+0\\.2\\s+0:00:47"))
        .anyMatch(line -> line.matches("\\s+ride-matches\\s+0\\s+0\\.0\\s+-"));
  }
}
