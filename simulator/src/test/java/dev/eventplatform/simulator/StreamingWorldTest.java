package dev.eventplatform.simulator;

import static dev.eventplatform.simulator.SimulationTest.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.video.CatalogEntry;
import dev.eventplatform.model.video.PlaybackHeartbeat;
import dev.eventplatform.model.video.PlaybackState;
import dev.eventplatform.model.video.ViewingEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StreamingWorldTest {

  private static final double RATE = 60;

  /** Two simulated hours, made once: the tests only read them. */
  private static final List<SimulatedEvent<?>> events =
      run(new StreamingWorld(9, RATE, START, "t"), 7_200);

  @Test
  void sendsTheWholeCatalogBeforeAnyoneWatches() {
    List<SimulatedEvent<?>> first = events.subList(0, StreamingWorld.TITLES);

    assertThat(first)
        .allSatisfy(event -> assertThat(event.event()).isInstanceOf(CatalogEntry.class));
    assertThat(first)
        .allSatisfy(event -> assertThat(((CatalogEntry) event.event()).genres()).isNotEmpty());
    long catalogEntries =
        events.stream().filter(event -> event.event() instanceof CatalogEntry).count();
    assertThat(catalogEntries).isEqualTo(StreamingWorld.TITLES);
  }

  @Test
  void everyEventIsValidAndRefersToTheCatalog() {
    Set<String> titles =
        events.stream()
            .map(SimulatedEvent::event)
            .filter(CatalogEntry.class::isInstance)
            .map(event -> ((CatalogEntry) event).contentId())
            .collect(Collectors.toSet());

    List<String> problems = new ArrayList<>();
    for (SimulatedEvent<?> event : events) {
      String violation = ((ContractEvent) event.event()).violation();
      if (violation != null) {
        problems.add(violation + " in " + event.event());
      }
      if (event.event() instanceof PlaybackHeartbeat heartbeat
              && !titles.contains(heartbeat.contentId())
          || event.event() instanceof ViewingEvent viewing
              && !titles.contains(viewing.contentId())) {
        problems.add("unknown title in " + event.event());
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void sessionsStartPlayAndEndWithAViewingEvent() {
    Map<String, List<PlaybackState>> statesBySession = new HashMap<>();
    List<ViewingEvent> viewings = new ArrayList<>();
    for (SimulatedEvent<?> event : events) {
      if (event.event() instanceof PlaybackHeartbeat heartbeat) {
        statesBySession
            .computeIfAbsent(heartbeat.sessionId(), id -> new ArrayList<>())
            .add(heartbeat.state());
      } else if (event.event() instanceof ViewingEvent viewing) {
        viewings.add(viewing);
      }
    }

    long startedOtherwise =
        statesBySession.values().stream()
            .filter(states -> states.get(0) != PlaybackState.STARTING)
            .count();
    assertThat(startedOtherwise).isZero();
    assertThat(viewings).hasSizeGreaterThan(500);
    long endedOtherwise =
        viewings.stream()
            .map(viewing -> statesBySession.get(viewing.sessionId()))
            .filter(states -> states.get(states.size() - 1) != PlaybackState.ENDED)
            .count();
    assertThat(endedOtherwise).isZero();
    // Some stop early, some watch to the end.
    assertThat(viewings)
        .anySatisfy(viewing -> assertThat(viewing.completionRate()).isLessThan(0.2));
    assertThat(viewings).anySatisfy(viewing -> assertThat(viewing.completionRate()).isEqualTo(1.0));
    assertThat(statesBySession.values().stream().flatMap(List::stream).distinct())
        .contains(PlaybackState.PLAYING, PlaybackState.PAUSED, PlaybackState.REBUFFERING);
  }

  @Test
  void bandwidthDipsAndRecovers() {
    Map<String, List<Double>> bandwidthBySession = new HashMap<>();
    for (SimulatedEvent<?> event : events) {
      if (event.event() instanceof PlaybackHeartbeat heartbeat
          && heartbeat.state() != PlaybackState.STARTING) {
        bandwidthBySession
            .computeIfAbsent(heartbeat.sessionId(), id -> new ArrayList<>())
            .add(heartbeat.bandwidthKbps());
      }
    }
    long dippedAndRecovered =
        bandwidthBySession.values().stream().filter(StreamingWorldTest::dipsAndRecovers).count();

    assertThat(dippedAndRecovered).isGreaterThan(10);
  }

  @Test
  void heartbeatsComeAboutEveryTenSeconds() {
    Map<String, Long> last = new HashMap<>();
    long gaps = 0;
    long total = 0;
    for (SimulatedEvent<?> event : events) {
      if (event.event() instanceof PlaybackHeartbeat heartbeat) {
        Long before = last.put(heartbeat.sessionId(), heartbeat.ts());
        if (before != null) {
          total += heartbeat.ts() - before;
          gaps++;
        }
      }
    }

    assertThat(total / gaps).isBetween(7_000L, 13_000L);
  }

  /** Falls below half of the level it had, then climbs back above 80% of it. */
  private static boolean dipsAndRecovers(List<Double> bandwidth) {
    double level = 0;
    boolean dipped = false;
    for (double kbps : bandwidth) {
      if (!dipped && level > 0 && kbps < level * 0.5) {
        dipped = true;
      } else if (dipped && kbps > level * 0.8) {
        return true;
      }
      if (!dipped) {
        level = Math.max(level, kbps);
      }
    }
    return false;
  }

  private static List<SimulatedEvent<?>> run(StreamingWorld world, int seconds) {
    Pacer pacer = new Pacer(RATE, START);
    List<SimulatedEvent<?>> events = new ArrayList<>();
    for (long t = START; t <= START + seconds * 1_000L; t += 100) {
      events.addAll(world.tick(t, pacer.eventsUntil(t)));
    }
    return events;
  }
}
