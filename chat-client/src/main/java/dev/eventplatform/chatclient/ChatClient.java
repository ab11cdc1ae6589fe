package dev.eventplatform.chatclient;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import dev.eventplatform.chatclient.Envelope.Kind;
import dev.eventplatform.chatclient.EnvelopeRejectedException.Reason;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

/**
 * One user's messenger client: seals what the user sends and opens what the user receives.
 *
 * <ul>
 *   <li>A 1:1 message is encrypted with HPKE (X25519, HKDF-SHA256, AES-256-GCM) to the recipient's
 *       public key, then the ciphertext is signed with the sender's Ed25519 key.
 *   <li>A group message is encrypted with the group's shared AES-256-GCM key and signed the same
 *       way; group keys reach members sealed with HPKE ({@link #sealGroupKey}).
 *   <li>Sender, recipient or group, and message id are bound to every envelope as associated data
 *       and covered by the signature. Because the sender's identity is inside the encryption's
 *       associated data, nobody can strip the signature and re-sign the ciphertext as themselves.
 * </ul>
 *
 * <p>Opening checks the signature over the ciphertext <em>before</em> decrypting anything (the seed
 * design decrypted first and verified the plaintext, which let a forger make the recipient decrypt
 * arbitrary input). Not thread-safe: one client per user, used by one thread.
 */
public final class ChatClient {

  private final ChatIdentity identity;
  private final KeyDirectory directory;
  private final Map<String, GroupKey> currentGroupKeys = new HashMap<>();
  private final Map<String, Map<Integer, GroupKey>> heldGroupKeys = new HashMap<>();
  // Making a primitive from a keyset costs more than using it: one per key, made on first use.
  private final PublicKeySign signer;
  private final HybridDecrypt opener;
  private final Map<String, HybridEncrypt> sealers = new HashMap<>();
  private final Map<String, PublicKeyVerify> verifiers = new HashMap<>();
  private final Map<String, Aead> groupCiphers = new HashMap<>();

  public ChatClient(ChatIdentity identity, KeyDirectory directory) {
    this.identity = identity;
    this.directory = directory;
    try {
      this.signer =
          identity
              .signingPrivateKey()
              .getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
      this.opener =
          identity
              .sealingPrivateKey()
              .getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("unusable keys for " + identity.userId(), e);
    }
    directory.publish(identity.publicKeys());
  }

  public String userId() {
    return identity.userId();
  }

  /**
   * Seals {@code plaintext} for one recipient; the result goes into {@code ChatMessage.ciphertext}.
   */
  public String sealDirect(String messageId, String to, byte[] plaintext) {
    PublicKeys recipient = recipientKeys(to);
    byte[] bound =
        Envelope.boundData(
            Kind.DIRECT, userId(), to, messageId, signingKeyId(), recipient.sealingKeyId());
    return seal(
        Kind.DIRECT, bound, recipient.sealingKeyId(), hpkeEncrypt(recipient, plaintext, bound));
  }

  /** Seals {@code plaintext} for a group with the newest key of that group this client holds. */
  public String sealGroup(String messageId, String groupId, byte[] plaintext) {
    GroupKey key = currentGroupKeys.get(groupId);
    if (key == null) {
      throw new IllegalStateException(userId() + " holds no key for group " + groupId);
    }
    byte[] bound =
        Envelope.boundData(Kind.GROUP, userId(), groupId, messageId, signingKeyId(), key.keyId());
    try {
      return seal(Kind.GROUP, bound, key.keyId(), groupCipher(key).encrypt(plaintext, bound));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt for group " + groupId, e);
    }
  }

  /**
   * Makes a new generation of a group's key and holds it: when creating a group, and whenever a
   * member leaves. Hand it to each member with {@link #sealGroupKey}.
   */
  public GroupKey createGroupKey(String groupId) {
    GroupKey key = GroupKey.generate(groupId);
    hold(key);
    return key;
  }

  /** Seals a group key for one member; they take it with {@link #acceptGroupKey}. */
  public String sealGroupKey(GroupKey key, String to) {
    PublicKeys recipient = recipientKeys(to);
    byte[] bound =
        Envelope.boundData(
            Kind.GROUP_KEY, userId(), to, key.groupId(), signingKeyId(), recipient.sealingKeyId());
    try {
      byte[] secret =
          TinkProtoKeysetFormat.serializeKeyset(key.keyset(), InsecureSecretKeyAccess.get());
      return seal(
          Kind.GROUP_KEY, bound, recipient.sealingKeyId(), hpkeEncrypt(recipient, secret, bound));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize the key of group " + key.groupId(), e);
    }
  }

  /**
   * Opens a group key sent by {@code from}, checks it, holds it and makes it the group's current
   * key.
   */
  public GroupKey acceptGroupKey(String from, String groupId, String envelope)
      throws EnvelopeRejectedException {
    Envelope sealed = decode(envelope, Kind.GROUP_KEY);
    byte[] bound =
        Envelope.boundData(
            Kind.GROUP_KEY,
            from,
            userId(),
            groupId,
            sealed.signerKeyId(),
            sealed.encryptionKeyId());
    verify(from, sealed, bound);
    byte[] secret = hpkeDecrypt(sealed, bound);
    try {
      KeysetHandle keyset =
          TinkProtoKeysetFormat.parseKeyset(secret, InsecureSecretKeyAccess.get());
      GroupKey key = new GroupKey(groupId, keyset.getPrimary().getId(), keyset);
      hold(key);
      return key;
    } catch (GeneralSecurityException e) {
      throw new EnvelopeRejectedException(
          Reason.DECRYPTION_FAILED, "the group key inside is unreadable", e);
    }
  }

  /** Whether this client can seal for {@code groupId}. */
  public boolean holdsKeyFor(String groupId) {
    return currentGroupKeys.containsKey(groupId);
  }

  /**
   * Opens what the platform delivered: a 1:1 message when {@code groupId} is null, else a group
   * message. {@code from} and {@code groupId} are what the delivery claims; they are checked, not
   * trusted.
   *
   * @return the plaintext, only if the sender's signature holds and decryption succeeds
   */
  public byte[] open(String messageId, String from, String groupId, String envelope)
      throws EnvelopeRejectedException {
    return groupId == null
        ? openDirect(messageId, from, envelope)
        : openGroup(messageId, from, groupId, envelope);
  }

  public byte[] openDirect(String messageId, String from, String envelope)
      throws EnvelopeRejectedException {
    Envelope sealed = decode(envelope, Kind.DIRECT);
    byte[] bound =
        Envelope.boundData(
            Kind.DIRECT, from, userId(), messageId, sealed.signerKeyId(), sealed.encryptionKeyId());
    verify(from, sealed, bound);
    return hpkeDecrypt(sealed, bound);
  }

  public byte[] openGroup(String messageId, String from, String groupId, String envelope)
      throws EnvelopeRejectedException {
    Envelope sealed = decode(envelope, Kind.GROUP);
    byte[] bound =
        Envelope.boundData(
            Kind.GROUP, from, groupId, messageId, sealed.signerKeyId(), sealed.encryptionKeyId());
    verify(from, sealed, bound);
    GroupKey key = heldGroupKeys.getOrDefault(groupId, Map.of()).get(sealed.encryptionKeyId());
    if (key == null) {
      throw new EnvelopeRejectedException(
          Reason.MISSING_GROUP_KEY,
          userId() + " holds no key " + sealed.encryptionKeyId() + " of group " + groupId);
    }
    try {
      return groupCipher(key).decrypt(sealed.ciphertext(), bound);
    } catch (GeneralSecurityException e) {
      throw new EnvelopeRejectedException(
          Reason.DECRYPTION_FAILED, "group message does not decrypt", e);
    }
  }

  private void hold(GroupKey key) {
    currentGroupKeys.put(key.groupId(), key);
    heldGroupKeys.computeIfAbsent(key.groupId(), id -> new HashMap<>()).put(key.keyId(), key);
  }

  private String seal(Kind kind, byte[] bound, int encryptionKeyId, byte[] ciphertext) {
    try {
      byte[] signature = signer.sign(Envelope.signedData(bound, ciphertext));
      return new Envelope(kind, signingKeyId(), encryptionKeyId, ciphertext, signature).encode();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign as " + userId(), e);
    }
  }

  private static Envelope decode(String envelope, Kind expected) throws EnvelopeRejectedException {
    Envelope sealed = Envelope.decode(envelope);
    if (sealed.kind() != expected) {
      throw new EnvelopeRejectedException(
          Reason.MALFORMED, "expected a " + expected + " envelope, found " + sealed.kind());
    }
    return sealed;
  }

  private void verify(String from, Envelope sealed, byte[] bound) throws EnvelopeRejectedException {
    PublicKeys sender =
        directory
            .lookup(from)
            .orElseThrow(
                () -> new EnvelopeRejectedException(Reason.UNKNOWN_SENDER, "no keys for " + from));
    try {
      cached(
              verifiers,
              sender.userId() + "/" + sender.verifyingKeyId(),
              sender.verifyingKey(),
              PublicKeyVerify.class)
          .verify(sealed.signature(), Envelope.signedData(bound, sealed.ciphertext()));
    } catch (GeneralSecurityException e) {
      throw new EnvelopeRejectedException(
          Reason.BAD_SIGNATURE, "not signed by " + from + " for this conversation and message");
    }
  }

  private byte[] hpkeDecrypt(Envelope sealed, byte[] bound) throws EnvelopeRejectedException {
    if (sealed.encryptionKeyId() != identity.publicKeys().sealingKeyId()) {
      throw new EnvelopeRejectedException(
          Reason.NOT_FOR_THIS_KEY,
          "sealed for key " + sealed.encryptionKeyId() + ", not " + userId() + "'s");
    }
    try {
      return opener.decrypt(sealed.ciphertext(), bound);
    } catch (GeneralSecurityException e) {
      throw new EnvelopeRejectedException(
          Reason.DECRYPTION_FAILED, "does not decrypt with " + userId() + "'s key", e);
    }
  }

  private PublicKeys recipientKeys(String to) {
    return directory
        .lookup(to)
        .orElseThrow(() -> new IllegalArgumentException("no published keys for " + to));
  }

  private byte[] hpkeEncrypt(PublicKeys recipient, byte[] plaintext, byte[] bound) {
    try {
      return cached(
              sealers,
              recipient.userId() + "/" + recipient.sealingKeyId(),
              recipient.sealingKey(),
              HybridEncrypt.class)
          .encrypt(plaintext, bound);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal for " + recipient.userId(), e);
    }
  }

  private Aead groupCipher(GroupKey key) throws GeneralSecurityException {
    return cached(groupCiphers, key.groupId() + "/" + key.keyId(), key.keyset(), Aead.class);
  }

  private static <P> P cached(
      Map<String, P> cache, String keyName, KeysetHandle keyset, Class<P> type)
      throws GeneralSecurityException {
    P primitive = cache.get(keyName);
    if (primitive == null) {
      primitive = keyset.getPrimitive(RegistryConfiguration.get(), type);
      cache.put(keyName, primitive);
    }
    return primitive;
  }

  private int signingKeyId() {
    return identity.publicKeys().verifyingKeyId();
  }
}
