package dev.eventplatform.video;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The encodings a title is available in, lowest first: bitrate (kbps) and resolution of each rung.
 * Written in settings as {@code 235:320x240,375:384x288,...}.
 */
public record BitrateLadder(List<Rung> rungs) implements Serializable {

  /** One encoding of the ladder. */
  public record Rung(double kbps, String resolution) implements Serializable {}

  /** The ladder of the issue (Netflix's classic per-title ladder). */
  public static final String DEFAULT =
      "235:320x240,375:384x288,560:512x384,750:512x384,1050:640x480,"
          + "1750:720x480,2350:1280x720,3000:1280x720,4300:1920x1080,5800:1920x1080";

  public BitrateLadder {
    if (rungs.isEmpty()) {
      throw new IllegalArgumentException("a bitrate ladder needs at least one rung");
    }
    for (int i = 1; i < rungs.size(); i++) {
      if (rungs.get(i).kbps() <= rungs.get(i - 1).kbps()) {
        throw new IllegalArgumentException("ladder rungs must be in increasing bitrate order");
      }
    }
    rungs = List.copyOf(rungs);
  }

  public static BitrateLadder parse(String text) {
    List<Rung> rungs = new ArrayList<>();
    for (String rung : text.split(",")) {
      String[] parts = rung.trim().split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException("ladder rung '" + rung + "' is not kbps:resolution");
      }
      rungs.add(new Rung(Double.parseDouble(parts[0].trim()), parts[1].trim()));
    }
    return new BitrateLadder(rungs);
  }

  public Rung rung(int index) {
    return rungs.get(index);
  }

  public int top() {
    return rungs.size() - 1;
  }

  /** The highest rung whose bitrate is at most {@code kbps}; the lowest rung if none is. */
  public int highestAtMost(double kbps) {
    int best = 0;
    for (int i = 0; i < rungs.size(); i++) {
      if (rungs.get(i).kbps() <= kbps) {
        best = i;
      }
    }
    return best;
  }
}
