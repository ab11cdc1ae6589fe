package dev.eventplatform.chatclient;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public keys of every user, as a key server would hand them out. Clients look senders up here
 * to verify them and recipients up to seal for them. Thread-safe.
 */
public final class KeyDirectory {

  private final Map<String, PublicKeys> byUser = new ConcurrentHashMap<>();

  public void publish(PublicKeys keys) {
    byUser.put(keys.userId(), keys);
  }

  public Optional<PublicKeys> lookup(String userId) {
    return Optional.ofNullable(byUser.get(userId));
  }
}
