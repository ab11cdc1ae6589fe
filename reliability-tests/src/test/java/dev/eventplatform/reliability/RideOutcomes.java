package dev.eventplatform.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.ride.RideMatch;
import dev.eventplatform.model.ride.RideRequest;
import dev.eventplatform.model.ride.RideUnmatched;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What ride-matching published (every record of {@code ride-matches} and {@code ride-unmatched}),
 * and the invariants it keeps across failures. Its outputs are at-least-once with {@code requestId}
 * as idempotency key, so repeats are allowed but only exact ones: a request has one kind of outcome
 * and one driver, and a driver one rider (the tests send no AVAILABLE after a match).
 */
record RideOutcomes(List<RideMatch> matches, List<RideUnmatched> unmatched) {

  /** The requests with an outcome of either kind. */
  Set<String> settled() {
    Set<String> ids = new HashSet<>();
    matches.forEach(match -> ids.add(match.requestId()));
    unmatched.forEach(end -> ids.add(end.requestId()));
    return ids;
  }

  /** Whether every one of {@code requests} has an outcome. */
  boolean allSettled(List<RideRequest> requests) {
    Set<String> settled = settled();
    return requests.stream().allMatch(request -> settled.contains(request.requestId()));
  }

  /** The distinct match records of each matched request. */
  Map<String, Set<RideMatch>> matchesOfRequest() {
    return matches.stream()
        .collect(Collectors.groupingBy(RideMatch::requestId, TreeMap::new, Collectors.toSet()));
  }

  /** The requests each driver was matched to. */
  Map<String, Set<String>> requestsOfDriver() {
    return matches.stream()
        .collect(
            Collectors.groupingBy(
                RideMatch::driverId,
                TreeMap::new,
                Collectors.mapping(RideMatch::requestId, Collectors.toSet())));
  }

  long lost(List<RideRequest> requests) {
    Set<String> settled = settled();
    return requests.stream().filter(r -> !settled.contains(r.requestId())).count();
  }

  /**
   * One {@code FIGURES} line: match records, matched requests, exact repeats, unmatched ends, lost
   * requests, drivers given to two riders.
   */
  String figures(List<RideRequest> requests) {
    Map<String, Set<RideMatch>> matchesOfRequest = matchesOfRequest();
    return String.format(
        "FIGURES   out: %d match records for %d requests (%d exact repeats), %d unmatched; lost %d;"
            + " drivers given to two riders %d",
        matches.size(),
        matchesOfRequest.size(),
        matches.size() - matchesOfRequest.values().stream().mapToInt(Set::size).sum(),
        unmatched.size(),
        lost(requests),
        requestsOfDriver().values().stream().filter(ids -> ids.size() > 1).count());
  }

  /**
   * Every request ends; a request's matches are exact repeats only; no driver is given to two
   * riders; no request is both matched and unmatched.
   */
  void assertKeptTo(List<RideRequest> requests) {
    Map<String, Set<RideMatch>> matchesOfRequest = matchesOfRequest();
    assertThat(lost(requests)).as("requests without an outcome").isZero();
    assertThat(matchesOfRequest)
        .as("outcomes of each matched request: repeats only, never another driver")
        .allSatisfy((request, outcomes) -> assertThat(outcomes).hasSize(1));
    assertThat(requestsOfDriver())
        .as("riders of each driver (none had an AVAILABLE after its match)")
        .allSatisfy((driver, riders) -> assertThat(riders).hasSize(1));
    assertThat(unmatched.stream().map(RideUnmatched::requestId).collect(Collectors.toSet()))
        .as("requests both matched and unmatched")
        .doesNotContainAnyElementsOf(matchesOfRequest.keySet());
  }
}
