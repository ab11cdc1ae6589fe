package dev.eventplatform.chatclient;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import dev.eventplatform.chatclient.EnvelopeRejectedException.Reason;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ChatClientTest {

  private static final byte[] HELLO = "hello bob".getBytes(UTF_8);

  private final KeyDirectory directory = new KeyDirectory();
  private final ChatIdentity aliceIdentity = ChatIdentity.generate("alice");
  private final ChatClient alice = new ChatClient(aliceIdentity, directory);
  private final ChatIdentity bobIdentity = ChatIdentity.generate("bob");
  private final ChatClient bob = new ChatClient(bobIdentity, directory);
  private final ChatClient carol = new ChatClient(ChatIdentity.generate("carol"), directory);
  private final ChatIdentity malloryIdentity = ChatIdentity.generate("mallory");
  private final ChatClient mallory = new ChatClient(malloryIdentity, directory);

  @Test
  void recipientOpensDirectMessage() throws Exception {
    String envelope = alice.sealDirect("m1", "bob", HELLO);

    assertThat(bob.openDirect("m1", "alice", envelope)).isEqualTo(HELLO);
    assertThat(bob.open("m1", "alice", null, envelope)).isEqualTo(HELLO);
  }

  @Test
  void everyMemberOpensGroupMessageWithDistributedKey() throws Exception {
    GroupKey key = alice.createGroupKey("g1");
    bob.acceptGroupKey("alice", "g1", alice.sealGroupKey(key, "bob"));
    carol.acceptGroupKey("alice", "g1", alice.sealGroupKey(key, "carol"));

    String envelope = bob.sealGroup("m1", "g1", HELLO);

    assertThat(alice.openGroup("m1", "bob", "g1", envelope)).isEqualTo(HELLO);
    assertThat(carol.open("m1", "bob", "g1", envelope)).isEqualTo(HELLO);
  }

  @Test
  void rejectsTamperedCiphertext() throws Exception {
    Envelope sealed = Envelope.decode(alice.sealDirect("m1", "bob", HELLO));
    byte[] changed = sealed.ciphertext().clone();
    changed[changed.length / 2] ^= 1;
    String tampered =
        new Envelope(
                sealed.kind(),
                sealed.signerKeyId(),
                sealed.encryptionKeyId(),
                changed,
                sealed.signature())
            .encode();

    assertRejected(() -> bob.openDirect("m1", "alice", tampered), Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsTamperedGroupCiphertext() throws Exception {
    GroupKey key = alice.createGroupKey("g1");
    bob.acceptGroupKey("alice", "g1", alice.sealGroupKey(key, "bob"));
    Envelope sealed = Envelope.decode(alice.sealGroup("m1", "g1", HELLO));
    byte[] changed = sealed.ciphertext().clone();
    changed[0] ^= 1;
    String tampered =
        new Envelope(
                sealed.kind(),
                sealed.signerKeyId(),
                sealed.encryptionKeyId(),
                changed,
                sealed.signature())
            .encode();

    assertRejected(() -> bob.openGroup("m1", "alice", "g1", tampered), Reason.BAD_SIGNATURE);
  }

  @Test
  void anotherRecipientCannotOpen() {
    String envelope = alice.sealDirect("m1", "bob", HELLO);

    assertRejected(() -> carol.openDirect("m1", "alice", envelope), Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsMessageSignedBySomeoneElseThanTheClaimedSender() {
    String forged = mallory.sealDirect("m1", "bob", HELLO);

    assertRejected(() -> bob.openDirect("m1", "alice", forged), Reason.BAD_SIGNATURE);
  }

  @Test
  void resigningAnotherSendersCiphertextDoesNotDecrypt() throws Exception {
    // Mallory takes Alice's ciphertext and signs it as herself: the signature holds, but the
    // ciphertext is bound to Alice as sender, so it does not decrypt as Mallory's.
    Envelope original = Envelope.decode(alice.sealDirect("m1", "bob", HELLO));
    int mallorysKeyId = malloryIdentity.publicKeys().verifyingKeyId();
    byte[] bound =
        Envelope.boundData(
            Envelope.Kind.DIRECT,
            "mallory",
            "bob",
            "m1",
            mallorysKeyId,
            original.encryptionKeyId());
    byte[] signature =
        malloryIdentity
            .signingPrivateKey()
            .getPrimitive(RegistryConfiguration.get(), PublicKeySign.class)
            .sign(Envelope.signedData(bound, original.ciphertext()));
    String resigned =
        new Envelope(
                Envelope.Kind.DIRECT,
                mallorysKeyId,
                original.encryptionKeyId(),
                original.ciphertext(),
                signature)
            .encode();

    assertRejected(() -> bob.openDirect("m1", "mallory", resigned), Reason.DECRYPTION_FAILED);
  }

  @Test
  void rejectsReplayUnderAnotherMessageId() {
    String envelope = alice.sealDirect("m1", "bob", HELLO);

    assertRejected(() -> bob.openDirect("m2", "alice", envelope), Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsGroupMessageReplayedIntoAnotherGroup() throws Exception {
    for (String group : new String[] {"g1", "g2"}) {
      GroupKey key = alice.createGroupKey(group);
      bob.acceptGroupKey("alice", group, alice.sealGroupKey(key, "bob"));
    }
    String envelope = alice.sealGroup("m1", "g1", HELLO);

    assertRejected(() -> bob.openGroup("m1", "alice", "g2", envelope), Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsGroupMessageReplayedAsDirectMessage() throws Exception {
    GroupKey key = alice.createGroupKey("g1");
    bob.acceptGroupKey("alice", "g1", alice.sealGroupKey(key, "bob"));
    String envelope = alice.sealGroup("m1", "g1", HELLO);

    assertRejected(() -> bob.open("m1", "alice", null, envelope), Reason.MALFORMED);
  }

  @Test
  void formerMemberCannotReadAfterKeyRotation() throws Exception {
    GroupKey first = alice.createGroupKey("g1");
    bob.acceptGroupKey("alice", "g1", alice.sealGroupKey(first, "bob"));
    carol.acceptGroupKey("alice", "g1", alice.sealGroupKey(first, "carol"));
    String beforeCarolLeft = alice.sealGroup("m1", "g1", HELLO);
    // Carol leaves: Alice rotates the key and hands the new one to Bob only.
    GroupKey second = alice.createGroupKey("g1");
    bob.acceptGroupKey("alice", "g1", alice.sealGroupKey(second, "bob"));
    String afterCarolLeft = alice.sealGroup("m2", "g1", HELLO);

    assertThat(bob.openGroup("m1", "alice", "g1", beforeCarolLeft)).isEqualTo(HELLO);
    assertThat(bob.openGroup("m2", "alice", "g1", afterCarolLeft)).isEqualTo(HELLO);
    assertThat(carol.openGroup("m1", "alice", "g1", beforeCarolLeft)).isEqualTo(HELLO);
    assertRejected(
        () -> carol.openGroup("m2", "alice", "g1", afterCarolLeft), Reason.MISSING_GROUP_KEY);
  }

  @Test
  void groupKeyCannotBeTakenByAnotherMember() {
    GroupKey key = alice.createGroupKey("g1");
    String forBob = alice.sealGroupKey(key, "bob");

    assertRejected(() -> carol.acceptGroupKey("alice", "g1", forBob), Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsGarbageAndUnknownSenders() {
    String envelope = alice.sealDirect("m1", "bob", HELLO);

    assertRejected(() -> bob.openDirect("m1", "alice", "not base64 at all!"), Reason.MALFORMED);
    assertRejected(
        () -> bob.openDirect("m1", "alice", envelope.substring(0, 40)), Reason.MALFORMED);
    assertRejected(() -> bob.openDirect("m1", "nobody", envelope), Reason.UNKNOWN_SENDER);
  }

  @Test
  void recipientVerifiesSenderWithKeysFetchedAsBytes() throws Exception {
    KeyDirectory bobsDirectory = new KeyDirectory();
    bobsDirectory.publish(PublicKeys.parse(aliceIdentity.publicKeys().serialize()));
    ChatClient bobWithFetchedKeys = new ChatClient(bobIdentity, bobsDirectory);

    String envelope = alice.sealDirect("m1", "bob", HELLO);

    assertThat(bobWithFetchedKeys.openDirect("m1", "alice", envelope)).isEqualTo(HELLO);
  }

  private static void assertRejected(ThrowingCallable open, Reason reason) {
    assertThatThrownBy(open)
        .isInstanceOf(EnvelopeRejectedException.class)
        .satisfies(e -> assertThat(((EnvelopeRejectedException) e).reason()).isEqualTo(reason));
  }
}
