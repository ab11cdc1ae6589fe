package dev.eventplatform.chatclient;

import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;

/**
 * One generation of a group's shared AES-256-GCM key. A group gets a new generation whenever a
 * member leaves, so a former member cannot read what follows; members keep older generations to
 * open messages that were sealed before the change but arrive after it.
 *
 * @param keyId the Tink key id, carried in every envelope sealed with this key
 */
public record GroupKey(String groupId, int keyId, KeysetHandle keyset) {

  public static GroupKey generate(String groupId) {
    TinkSetup.ensureRegistered();
    try {
      KeysetHandle keyset =
          KeysetHandle.generateNew(KeyTemplates.get(TinkSetup.GROUP_KEY_TEMPLATE));
      return new GroupKey(groupId, keyset.getPrimary().getId(), keyset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a group key", e);
    }
  }

  @Override
  public String toString() {
    return "GroupKey[groupId=" + groupId + ", keyId=" + keyId + "]";
  }
}
