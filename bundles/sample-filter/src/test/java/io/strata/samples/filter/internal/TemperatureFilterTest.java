package io.strata.samples.filter.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.strata.api.agent.ModuleConfiguration;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.twin.DesiredChange;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;

public class TemperatureFilterTest {

    private final RecordingModuleClient client = new RecordingModuleClient(IdentityId.module("edge", "filter"));
    private TemperatureFilter filter;

    @Before
    public void activate() {
        client.desired = "{\"TemperatureThreshold\":30}";
        filter = new TemperatureFilter(moduleId -> {
            assertThat(moduleId, is("filter"));
            return client;
        });
        filter.activate(Map.of(ModuleConfiguration.MODULE_ID, "filter"));
    }

    private void receive(String body) throws Exception {
        client.inputs.get("input1").onMessage(Message.builder().body(body.getBytes(StandardCharsets.UTF_8))
                .applicationProperty("site", "north").build());
    }

    @Test
    public void forwardsOnlyReadingsAboveTheThresholdMarkedAsAlerts() throws Exception {
        receive("{\"machine\":{\"temperature\":29.9}}");
        receive("{\"machine\":{\"temperature\":30.5}}");

        assertThat(client.outputs.size(), is(1));
        Message alert = client.outputs.get(0);
        assertThat(alert.outputName().orElseThrow(), is("output1"));
        assertThat(new String(alert.body(), StandardCharsets.UTF_8), is("{\"machine\":{\"temperature\":30.5}}"));
        assertThat(alert.applicationProperties(), is(Map.of("site", "north", "MessageType", "Alert")));
    }

    @Test
    public void followsTheDesiredThresholdAtRuntimeAndReportsIt() throws Exception {
        client.desiredListener.desiredChanged(new DesiredChange(client.identity, "{\"TemperatureThreshold\":20}", 2,
                "{\"TemperatureThreshold\":20,\"$version\":2}"));
        receive("{\"machine\":{\"temperature\":25}}");

        assertThat(filter.threshold(), is(20.0));
        assertThat(client.outputs.size(), is(1));
        assertThat(client.reported, contains("{\"TemperatureThreshold\":30.0,\"error\":null}",
                "{\"TemperatureThreshold\":20.0,\"error\":null}"));
    }

    @Test
    public void aThresholdThatIsNotANumberIsIgnoredAndReported() {
        client.desiredListener.desiredChanged(new DesiredChange(client.identity, "{\"TemperatureThreshold\":\"hot\"}", 2,
                "{}"));

        assertThat(filter.threshold(), is(30.0));
        assertThat(client.reported, hasItem("{\"TemperatureThreshold\":30.0,\"error\":\"TemperatureThreshold must be a number\"}"));
    }

    @Test
    public void dropsWhatIsNotAReading() throws Exception {
        receive("not json");
        receive("{\"machine\":{\"temperature\":\"hot\"}}");
        receive("[1,2]");

        assertThat(client.outputs, empty());
    }
}
