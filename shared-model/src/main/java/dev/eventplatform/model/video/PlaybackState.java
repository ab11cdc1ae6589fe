package dev.eventplatform.model.video;

/** The state of a player when it sent a heartbeat. */
public enum PlaybackState {
  STARTING,
  PLAYING,
  REBUFFERING,
  PAUSED,
  ENDED
}
