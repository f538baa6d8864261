package io.strata.samples.tempsensor.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.json.Json;
import java.time.Instant;
import java.util.Random;
import org.junit.Test;

public class MachineSimulationTest {

    @Test
    public void readingsHaveTheShapeOfTheIotEdgeSensor() throws Exception {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        JsonNode reading = Json.mapper().readTree(new MachineSimulation(new Random(1)).next(now));

        assertThat(reading.path("machine").path("temperature").isNumber(), is(true));
        assertThat(reading.path("machine").path("pressure").isNumber(), is(true));
        assertThat(reading.path("ambient").path("temperature").asDouble(), allOf(greaterThan(20.0), lessThanOrEqualTo(21.5)));
        assertThat(reading.path("ambient").path("humidity").asInt(), allOf(greaterThanOrEqualTo(24), lessThanOrEqualTo(26)));
        assertThat(reading.path("timeCreated").asText(), is("2026-11-24T10:00:00Z"));
    }

    @Test
    public void theMachineHeatsUpToAHundredDegreesAndCoolsDownAgain() throws Exception {
        MachineSimulation machine = new MachineSimulation(new Random(7));
        double highest = 0;
        double last = 0;
        for (int i = 0; i < 400; i++) {
            JsonNode reading = Json.mapper().readTree(machine.next(Instant.now()));
            last = reading.path("machine").path("temperature").asDouble();
            assertThat(last, allOf(greaterThanOrEqualTo(21.0), lessThanOrEqualTo(100.0)));
            highest = Math.max(highest, last);
        }
        assertThat(highest, greaterThan(95.0));
        assertThat(last < highest, is(true));
    }
}
