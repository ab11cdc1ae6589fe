package dev.eventplatform.pricing;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import dev.eventplatform.model.ride.SurgePrice;
import org.junit.jupiter.api.Test;

/** The types this job keeps in state or sends between operators are POJOs, never Kryo. */
class EventTypesTest {

  @Test
  void cellEventIsAPojo() {
    assertSerializedAsPojoWithoutKryo(CellEvent.class);
  }

  @Test
  void surgePriceWithItsFactorMapIsAPojo() {
    assertSerializedAsPojoWithoutKryo(SurgePrice.class);
  }

  @Test
  void stateTypesArePojos() {
    assertSerializedAsPojoWithoutKryo(CellSurge.Slice.class);
    assertSerializedAsPojoWithoutKryo(CellSurge.Cell.class);
    assertSerializedAsPojoWithoutKryo(DriverAvailability.Driver.class);
  }
}
