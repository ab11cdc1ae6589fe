package dev.eventplatform.video;

/**
 * The quality figures of one finished playback session, as {@link SessionQuality} hands them to the
 * per-minute {@link QoeReport}.
 *
 * @param startupMs STARTING to first PLAYING, or -1 when the session never showed both
 * @param sessionMs first to last heartbeat
 * @param rebufferMs time spent in REBUFFERING
 * @param playingMs time spent in PLAYING
 * @param bitrateKbpsMs the bitrate integrated over PLAYING time (kbps × ms), for a time-weighted
 *     average across sessions
 * @param bitrateSwitches how often the reported bitrate changed
 */
public record SessionSummary(
    String sessionId,
    String contentId,
    String device,
    long startupMs,
    long sessionMs,
    long rebufferMs,
    long playingMs,
    double bitrateKbpsMs,
    long bitrateSwitches,
    long ts) {

  public boolean hasStartup() {
    return startupMs >= 0;
  }
}
