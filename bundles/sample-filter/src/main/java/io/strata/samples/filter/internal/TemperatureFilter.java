package io.strata.samples.filter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.agent.ModuleConfiguration;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import io.strata.api.module.ModuleClient;
import io.strata.api.module.ModuleClientFactory;
import io.strata.api.twin.DesiredChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter module of the IoT Edge tutorials: forwards to {@value #OUTPUT} the messages of
 * {@value #INPUT} whose machine temperature exceeds the twin's desired {@value #THRESHOLD}, marked
 * {@code MessageType=Alert}. One instance per configuration the agent writes (factory PID {@value #PID}).
 */
@Component(configurationPid = TemperatureFilter.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class TemperatureFilter {

    static final String PID = "io.strata.samples.filter";
    static final String INPUT = "input1";
    static final String OUTPUT = "output1";
    static final String THRESHOLD = "TemperatureThreshold";
    static final double DEFAULT_THRESHOLD = 25;

    private static final Logger LOG = LoggerFactory.getLogger(TemperatureFilter.class);
    private static final long FORWARD_TIMEOUT_SECONDS = 30;

    @Reference
    private ModuleClientFactory modules;

    private ModuleClient client;
    private volatile double threshold = DEFAULT_THRESHOLD;

    public TemperatureFilter() {
    }

    TemperatureFilter(ModuleClientFactory modules) {
        this.modules = modules;
    }

    @Activate
    void activate(Map<String, Object> properties) {
        client = modules.connect(String.valueOf(properties.get(ModuleConfiguration.MODULE_ID)));
        applyDesired(client.twin().desired());
        client.setDesiredPropertiesListener(this::desiredChanged);
        client.setInputHandler(INPUT, this::onMessage);
        LOG.info("Filter {} forwards readings above {}", client.identity(), threshold);
    }

    @Deactivate
    void deactivate() {
        client.close();
    }

    double threshold() {
        return threshold;
    }

    private void desiredChanged(DesiredChange change) {
        applyDesired(change.patch());
    }

    private void applyDesired(String desired) {
        JsonNode value = readJson(desired.getBytes(StandardCharsets.UTF_8)).path(THRESHOLD);
        if (value.isMissingNode()) {
            return;
        }
        if (!value.isNumber()) {
            LOG.warn("Desired {} is not a number: {}; keeping {}", THRESHOLD, value, threshold);
            client.patchReported("{\"" + THRESHOLD + "\":" + threshold + ",\"error\":\"" + THRESHOLD + " must be a number\"}");
            return;
        }
        threshold = value.asDouble();
        client.patchReported("{\"" + THRESHOLD + "\":" + threshold + ",\"error\":null}");
    }

    /** Forwards a hot reading and returns once the edge hub took it, so the input is acknowledged only then. */
    void onMessage(Message message) throws Exception {
        JsonNode temperature = readJson(message.body()).path("machine").path("temperature");
        if (!temperature.isNumber()) {
            LOG.debug("Dropped a message without a numeric machine.temperature");
            return;
        }
        if (temperature.asDouble() > threshold) {
            Message alert = message.toBuilder().applicationProperty("MessageType", "Alert").build();
            client.sendOutput(OUTPUT, alert).toCompletableFuture().get(FORWARD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static JsonNode readJson(byte[] body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            return node == null ? Json.mapper().missingNode() : node;
        } catch (IOException e) {
            return Json.mapper().missingNode();
        }
    }
}
