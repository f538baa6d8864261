package io.strata.samples.tempsensor.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

/**
 * A machine that heats up from about 21 °C towards 100 °C and cools down again, in a room at about
 * 21 °C and 25 % humidity: the readings of IoT Edge's simulated temperature sensor.
 */
final class MachineSimulation {
    private static final double MIN_TEMPERATURE = 21;
    private static final double MAX_TEMPERATURE = 100;

    private final Random random;
    private double machineTemperature = MIN_TEMPERATURE;
    private boolean heating = true;

    MachineSimulation(Random random) {
        this.random = random;
    }

    /** The next reading as the JSON the sensor sends. */
    byte[] next(Instant now) {
        machineTemperature += (heating ? 1 : -1) * random.nextDouble() * 2;
        if (machineTemperature >= MAX_TEMPERATURE || machineTemperature <= MIN_TEMPERATURE) {
            heating = !heating;
            machineTemperature = Math.max(MIN_TEMPERATURE, Math.min(MAX_TEMPERATURE, machineTemperature));
        }
        ObjectNode reading = Json.mapper().createObjectNode();
        ObjectNode machine = reading.putObject("machine");
        machine.put("temperature", round(machineTemperature));
        machine.put("pressure", round(1 + (machineTemperature - MIN_TEMPERATURE) * 9 / (MAX_TEMPERATURE - MIN_TEMPERATURE)));
        ObjectNode ambient = reading.putObject("ambient");
        ambient.put("temperature", round(MIN_TEMPERATURE + random.nextDouble() - 0.5));
        ambient.put("humidity", Math.round(24 + random.nextDouble() * 2));
        reading.put("timeCreated", now.toString());
        return reading.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
