package dev.eventplatform.chatclient;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.SignatureConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink primitives this library uses, once per JVM, before any key is made. */
final class TinkSetup {

  static final String HPKE_TEMPLATE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";
  static final String SIGNING_TEMPLATE = "ED25519";
  static final String GROUP_KEY_TEMPLATE = "AES256_GCM";

  static {
    try {
      AeadConfig.register();
      HybridConfig.register();
      SignatureConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TinkSetup() {}

  /** Touching this method runs the static registration above. */
  static void ensureRegistered() {}
}
