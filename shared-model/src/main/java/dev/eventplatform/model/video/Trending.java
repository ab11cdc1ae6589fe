package dev.eventplatform.model.video;

import dev.eventplatform.model.ContractEvent;
import java.util.List;

/**
 * The most watched titles of one window, most first, on {@code trending}, keyed by {@code scope}.
 *
 * @param scope {@code global}, or a device class
 */
public record Trending(String scope, long windowEnd, List<TitleViews> items, long ts)
    implements ContractEvent {}
