package dev.eventplatform.chatclient;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * What a user publishes so others can write to them and check what they wrote: the HPKE public key
 * that messages are sealed to and the Ed25519 key that verifies their signatures. Contains no
 * secret; {@link #serialize()} gives the bytes a key server would hand out.
 */
public record PublicKeys(String userId, KeysetHandle sealingKey, KeysetHandle verifyingKey) {

  /** The key id envelopes sealed for this user carry. */
  public int sealingKeyId() {
    return sealingKey.getPrimary().getId();
  }

  /** The key id this user's signatures carry. */
  public int verifyingKeyId() {
    return verifyingKey.getPrimary().getId();
  }

  public byte[] serialize() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(userId);
      writeBlock(out, TinkProtoKeysetFormat.serializeKeysetWithoutSecret(sealingKey));
      writeBlock(out, TinkProtoKeysetFormat.serializeKeysetWithoutSecret(verifyingKey));
      return bytes.toByteArray();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize the public keys of " + userId, e);
    }
  }

  public static PublicKeys parse(byte[] serialized) throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
      String userId = in.readUTF();
      KeysetHandle sealing = TinkProtoKeysetFormat.parseKeysetWithoutSecret(readBlock(in));
      KeysetHandle verifying = TinkProtoKeysetFormat.parseKeysetWithoutSecret(readBlock(in));
      return new PublicKeys(userId, sealing, verifying);
    } catch (IOException e) {
      throw new GeneralSecurityException("not a serialized PublicKeys", e);
    }
  }

  private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeInt(block.length);
    out.write(block);
  }

  private static byte[] readBlock(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > 64 * 1024) {
      throw new IOException("implausible key length " + length);
    }
    return in.readNBytes(length);
  }
}
