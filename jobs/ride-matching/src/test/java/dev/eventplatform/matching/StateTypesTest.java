package dev.eventplatform.matching;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every record the job keeps in state or sends between tasks is a Flink POJO: no Kryo, which would
 * be slow and break savepoint compatibility (the job disables it, so it would fail at start).
 */
class StateTypesTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        DriverSnapshot.class,
        AreaDriverUpdate.class,
        AreaInput.class,
        Proposal.class,
        ClaimVerdict.class,
        IndexedDriver.class,
        PendingRequest.class,
        DriverClaim.class,
        PublishedOutcome.class,
        LogPosition.class
      })
  void isSerializedAsPojo(Class<?> type) {
    assertSerializedAsPojoWithoutKryo(type);
  }
}
