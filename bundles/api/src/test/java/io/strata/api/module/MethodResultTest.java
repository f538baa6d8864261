package io.strata.api.module;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import org.junit.Test;

public class MethodResultTest {

    @Test
    public void aTimeoutNamesTheTargetTheMethodAndTheWaitInWholeSecondsOrMilliseconds() {
        MethodResult seconds = MethodResult.timedOut("edge-1/filter", "reset", Duration.ofSeconds(30));
        assertEquals(MethodResult.TIMEOUT, seconds.status());
        assertEquals("{\"message\":\"edge-1/filter did not answer reset within 30 seconds\"}", seconds.payload());
        assertEquals("{\"message\":\"edge-1/filter did not answer reset within 200 ms\"}",
                MethodResult.timedOut("edge-1/filter", "reset", Duration.ofMillis(200)).payload());
    }
}
