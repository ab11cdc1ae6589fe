package dev.eventplatform.messaging;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import org.junit.jupiter.api.Test;

/** The job's own state and stream types are Flink POJOs: fast, and safe to evolve in savepoints. */
class StateTypesTest {

  @Test
  void internalTypesAreSerializedAsPojos() {
    assertSerializedAsPojoWithoutKryo(InboxEvent.class);
    assertSerializedAsPojoWithoutKryo(PendingMessage.class);
    assertSerializedAsPojoWithoutKryo(MessageProgress.class);
  }
}
