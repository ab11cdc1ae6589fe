package dev.eventplatform.model.ride;

/** Why a ride request ended without a driver. */
public enum UnmatchedReason {
  /** No suitable driver was within the radius at any time while the request waited. */
  NO_DRIVER_NEARBY,
  /** Suitable drivers were nearby, but all were taken until the request's wait ran out. */
  TIMEOUT
}
