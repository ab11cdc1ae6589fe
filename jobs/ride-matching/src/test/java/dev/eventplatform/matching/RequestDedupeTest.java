package dev.eventplatform.matching;

import static dev.eventplatform.matching.Rides.ONE_SECOND;
import static dev.eventplatform.matching.Rides.T0;
import static dev.eventplatform.matching.Rides.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.model.ride.RideRequest;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RequestDedupeTest {

  @Test
  void aRepeatedRequestIdGoesThroughOnceAndIsForgottenAfterTheRetention() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, RideRequest, RideRequest> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new RequestDedupe(Duration.ofMinutes(10)), RideRequest::requestId, Types.STRING)) {
      harness.processElement(request("r1", T0), T0);
      harness.processElement(request("r1", T0 + ONE_SECOND), T0 + ONE_SECOND);
      harness.processElement(request("r2", T0 + ONE_SECOND), T0 + ONE_SECOND);

      assertThat(harness.extractOutputValues())
          .extracting(RideRequest::requestId)
          .containsExactly("r1", "r2");

      harness.processWatermark(T0 + Duration.ofMinutes(11).toMillis());
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }
}
