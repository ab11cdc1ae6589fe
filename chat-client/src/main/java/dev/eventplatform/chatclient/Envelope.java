package dev.eventplatform.chatclient;

import dev.eventplatform.chatclient.EnvelopeRejectedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The wire form of a sealed message, the string that travels as {@code ChatMessage.ciphertext}:
 * base64 of {@code version, kind, signerKeyId, encryptionKeyId, ciphertext, signature}.
 *
 * <p>Every envelope is bound to its conversation: the {@linkplain #boundData bound data} (sender,
 * recipient or group, message id, and the header above) is the encryption's associated data and,
 * with the ciphertext, what the signature covers. The recipient rebuilds it from what the platform
 * says about the delivery, so an envelope replayed under another sender, recipient, group or
 * message id fails both checks.
 */
record Envelope(
    Kind kind, int signerKeyId, int encryptionKeyId, byte[] ciphertext, byte[] signature) {

  private static final byte VERSION = 1;
  private static final int MAX_PART_BYTES = 1024 * 1024;

  /** What an envelope holds. */
  enum Kind {
    /** A message for one user, sealed with HPKE to their public key. */
    DIRECT,
    /** A message for a group, encrypted with the group's shared key. */
    GROUP,
    /** A group key handed to one member, sealed with HPKE to their public key. */
    GROUP_KEY
  }

  /**
   * The conversation an envelope belongs to and its header, in an unambiguous (length-prefixed)
   * encoding: what encryption authenticates and, with the ciphertext, what the signature covers.
   *
   * @param conversation for DIRECT: recipient; for GROUP: group id; for GROUP_KEY: recipient
   * @param reference for DIRECT and GROUP: the message id; for GROUP_KEY: the group id
   */
  static byte[] boundData(
      Kind kind,
      String sender,
      String conversation,
      String reference,
      int signerKeyId,
      int encryptionKeyId) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      writeText(out, "eventplatform-chat");
      out.writeByte(VERSION);
      out.writeByte(kind.ordinal());
      writeText(out, sender);
      writeText(out, conversation);
      writeText(out, reference);
      out.writeInt(signerKeyId);
      out.writeInt(encryptionKeyId);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot happen in memory", e);
    }
  }

  /** What the sender signs: the bound data followed by the ciphertext. */
  static byte[] signedData(byte[] boundData, byte[] ciphertext) {
    byte[] signed = new byte[boundData.length + ciphertext.length];
    System.arraycopy(boundData, 0, signed, 0, boundData.length);
    System.arraycopy(ciphertext, 0, signed, boundData.length, ciphertext.length);
    return signed;
  }

  String encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeByte(kind.ordinal());
      out.writeInt(signerKeyId);
      out.writeInt(encryptionKeyId);
      writeBlock(out, ciphertext);
      writeBlock(out, signature);
      return Base64.getEncoder().encodeToString(bytes.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("cannot happen in memory", e);
    }
  }

  static Envelope decode(String encoded) throws EnvelopeRejectedException {
    if (encoded == null) {
      throw new EnvelopeRejectedException(Reason.MALFORMED, "no envelope");
    }
    try {
      DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)));
      byte version = in.readByte();
      if (version != VERSION) {
        throw new EnvelopeRejectedException(
            Reason.MALFORMED, "unknown envelope version " + version);
      }
      int kind = in.readByte();
      if (kind < 0 || kind >= Kind.values().length) {
        throw new EnvelopeRejectedException(Reason.MALFORMED, "unknown envelope kind " + kind);
      }
      Envelope envelope =
          new Envelope(
              Kind.values()[kind], in.readInt(), in.readInt(), readBlock(in), readBlock(in));
      if (in.available() > 0) {
        throw new EnvelopeRejectedException(Reason.MALFORMED, "trailing bytes after the envelope");
      }
      return envelope;
    } catch (IOException | IllegalArgumentException e) {
      throw new EnvelopeRejectedException(
          Reason.MALFORMED, "not an envelope (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    writeBlock(out, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeInt(block.length);
    out.write(block);
  }

  private static byte[] readBlock(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_PART_BYTES) {
      throw new IOException("implausible length " + length);
    }
    byte[] block = in.readNBytes(length);
    if (block.length != length) {
      throw new IOException("truncated");
    }
    return block;
  }
}
