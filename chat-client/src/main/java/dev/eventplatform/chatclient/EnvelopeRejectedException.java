package dev.eventplatform.chatclient;

/**
 * An envelope that cannot be opened, with the reason. A client shows nothing of such a message: it
 * is either damaged, forged, replayed into another conversation or not meant for this user.
 */
public final class EnvelopeRejectedException extends Exception {

  /** Why an envelope was rejected. */
  public enum Reason {
    /** Not an envelope of this library (bad base64, wrong version, truncated). */
    MALFORMED,
    /** The claimed sender has no published keys. */
    UNKNOWN_SENDER,
    /**
     * The signature does not hold over the ciphertext and its context: a changed ciphertext,
     * another sender, or the envelope replayed into another conversation or under another message
     * id.
     */
    BAD_SIGNATURE,
    /** Sealed for another key than this user's: the envelope is meant for someone else. */
    NOT_FOR_THIS_KEY,
    /**
     * A group message under a group key this user does not hold, e.g. sent after the user left the
     * group (keys rotate when a member leaves) or before the user joined.
     */
    MISSING_GROUP_KEY,
    /** The signature held but decryption failed: the sender sealed it wrongly. */
    DECRYPTION_FAILED
  }

  private final Reason reason;

  EnvelopeRejectedException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  EnvelopeRejectedException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
