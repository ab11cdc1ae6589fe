package dev.eventplatform.model.video;

import dev.eventplatform.model.ContractEvent;
import java.util.List;

/**
 * Titles recommended to a user, best first, on {@code recommendations}, keyed by {@code userId}.
 */
public record Recommendations(String userId, List<ScoredTitle> items, long ts)
    implements ContractEvent {}
