package dev.eventplatform.chatclient;

import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;

/**
 * A user's two private key pairs: X25519 for HPKE (others seal messages to it) and Ed25519 (the
 * user signs what they send). The private halves never leave the client; {@link #publicKeys()} is
 * what gets published.
 */
public final class ChatIdentity {

  private final String userId;
  private final KeysetHandle sealingPrivateKey;
  private final KeysetHandle signingPrivateKey;
  private final PublicKeys publicKeys;

  private ChatIdentity(
      String userId, KeysetHandle sealingPrivateKey, KeysetHandle signingPrivateKey)
      throws GeneralSecurityException {
    this.userId = userId;
    this.sealingPrivateKey = sealingPrivateKey;
    this.signingPrivateKey = signingPrivateKey;
    this.publicKeys =
        new PublicKeys(
            userId,
            sealingPrivateKey.getPublicKeysetHandle(),
            signingPrivateKey.getPublicKeysetHandle());
  }

  /** Fresh key pairs from the system's secure random source (deliberately never seeded). */
  public static ChatIdentity generate(String userId) {
    TinkSetup.ensureRegistered();
    try {
      return new ChatIdentity(
          userId,
          KeysetHandle.generateNew(KeyTemplates.get(TinkSetup.HPKE_TEMPLATE)),
          KeysetHandle.generateNew(KeyTemplates.get(TinkSetup.SIGNING_TEMPLATE)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate keys for " + userId, e);
    }
  }

  public String userId() {
    return userId;
  }

  public PublicKeys publicKeys() {
    return publicKeys;
  }

  KeysetHandle sealingPrivateKey() {
    return sealingPrivateKey;
  }

  KeysetHandle signingPrivateKey() {
    return signingPrivateKey;
  }

  @Override
  public String toString() {
    return "ChatIdentity[" + userId + "]";
  }
}
