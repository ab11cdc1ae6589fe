package dev.eventplatform.model.ride;

/** Why a driver's ping was not applied. */
public enum AnomalyKind {
  /** The ping implies a speed no car reaches: GPS spoofing or a teleporting fix. */
  IMPOSSIBLE_SPEED,
  /** The ping is older than what is already known of the driver. */
  STALE,
  /** The ping repeats one already received. */
  DUPLICATE
}
