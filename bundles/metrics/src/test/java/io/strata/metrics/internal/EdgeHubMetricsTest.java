package io.strata.metrics.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.strata.api.identity.IdentityId;
import io.strata.api.module.DirectMethods;
import io.strata.api.node.UpstreamStatus;
import io.strata.api.routing.ReceivedCount;
import io.strata.api.routing.RouteStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EdgeHubMetricsTest {

    private final FakeNode node = new FakeNode();

    @Test
    public void edgeHubFiguresCarryIotEdgesNamesAndLabels() throws IOException {
        node.endpoints.add(FakeNode.endpoint("$upstream", 4, 10));
        node.endpoints.add(FakeNode.endpoint("BrokeredEndpoint(\"/modules/filter/inputs/input1\")", 0, 6));
        node.received.add(new ReceivedCount("line-1/tempSensor", "temperatureOutput", 16));
        node.received.add(new ReceivedCount("sensor-1", "", 3));
        node.unrouted = Map.of("device sensor-2", 5L);
        node.clients.add(FakeNode.client("sensor-1", true));
        node.clients.add(FakeNode.client("sensor-2", false));
        node.routes.add(new RouteStatus("up", "FROM /messages/* INTO $upstream", 0, null, 12));

        String text = scrape(node.sources(true));

        assertThat(text, containsString("# TYPE edgehub_messages_received_total counter"));
        assertThat(Samples.value(text, "edgehub_messages_received_total", "iothub", "plant.local", "edge_device",
                "line-1", "instance_number", "7", "id", "line-1/tempSensor", "route_output", "temperatureOutput"),
                equalTo(16.0));
        assertThat(Samples.value(text, "edgehub_messages_received_total", "id", "sensor-1", "route_output", ""),
                equalTo(3.0));
        assertThat(Samples.value(text, "edgehub_messages_sent_total", "to", "upstream", "to_route_input", ""),
                equalTo(10.0));
        assertThat(Samples.value(text, "edgehub_messages_sent_total", "to", "filter", "to_route_input", "input1"),
                equalTo(6.0));
        assertThat(text, containsString("# TYPE edgehub_queue_length gauge"));
        assertThat(Samples.value(text, "edgehub_queue_length", "endpoint", "$upstream", "edge_device", "line-1"),
                equalTo(4.0));
        assertThat(Samples.value(text, "edgehub_messages_dropped_total", "reason", "no_route", "from",
                "device sensor-2", "to", ""), equalTo(5.0));
        assertThat(Samples.value(text, "edgehub_messages_dropped_total", "reason", "ttl_expiry", "to", "$upstream"),
                equalTo(1.0));
        assertThat(Samples.value(text, "edgehub_messages_dropped_total", "reason", "store_full", "to", "$upstream"),
                equalTo(2.0));
        assertThat(Samples.value(text, "strata_endpoint_failures_total", "endpoint", "$upstream"), equalTo(3.0));
        assertThat(Samples.value(text, "edgehub_connected_clients", "iothub", "plant.local"), equalTo(1.0));
        assertThat(Samples.value(text, "strata_route_matched_total", "route", "up"), equalTo(12.0));
        assertThat(Samples.value(text, "strata_upstream_connected", "parent", "parent.local", "protocol", "amqp"),
                equalTo(1.0));
    }

    @Test
    public void countersMoveBetweenScrapes() throws IOException {
        node.endpoints.add(FakeNode.endpoint("$upstream", 0, 10));
        NodeSources sources = node.sources(true);
        PrometheusRegistry registry = registry(sources);
        assertThat(Samples.value(text(registry), "edgehub_messages_sent_total", "to", "upstream"), equalTo(10.0));

        node.endpoints.set(0, FakeNode.endpoint("$upstream", 0, 25));
        node.upstream = UpstreamStatus.State.DISCONNECTED;

        String later = text(registry);
        assertThat(Samples.value(later, "edgehub_messages_sent_total", "to", "upstream"), equalTo(25.0));
        assertThat(Samples.value(later, "strata_upstream_connected", "protocol", "amqp"), equalTo(0.0));
    }

    @Test
    public void agentModulesShowFailuresAndRestarts() throws IOException {
        node.modules.add(FakeNode.module("tempSensor", "running", 0));
        node.modules.add(FakeNode.module("filter", "backoff", 3));

        String text = scrape(node.sources(false));

        assertThat(Samples.value(text, "strata_module_failed", "module_name", "filter", "module_version", "1.0",
                "runtime_status", "backoff"), equalTo(1.0));
        assertThat(Samples.value(text, "strata_module_failed", "module_name", "tempSensor", "runtime_status",
                "running"), equalTo(0.0));
        assertThat(Samples.value(text, "strata_module_restarts_total", "module_name", "filter"), equalTo(3.0));
        assertThat("no upstream link on the top node", text, not(containsString("strata_upstream_connected{")));
    }

    @Test
    public void operationsOfClientsAndTheAgentAreCountedUnderIotEdgesNames() throws IOException {
        IdentityId sensor = IdentityId.device("sensor-1");
        IdentityId filter = IdentityId.module("line-1", "filter");
        node.operations.twinRead(sensor);
        node.operations.twinRead(sensor);
        node.operations.reportedPropertiesUpdated(filter);
        node.operations.directMethodInvoked("line-1/caller", filter);
        node.operations.directMethodInvoked(DirectMethods.FROM_UPSTREAM, filter);
        node.operations.clientRefused(sensor, "wrong_signature");
        node.operations.moduleStopped("filter", "1.0");
        node.operations.moduleStarted("filter", "1.0");
        node.operations.moduleStarted("filter", "1.0");

        String text = scrape(node.sources(false));

        assertThat(Samples.value(text, "edgehub_gettwin_total", "source", "edge_hub", "id", "sensor-1",
                "edge_device", "line-1"), equalTo(2.0));
        assertThat(Samples.value(text, "edgehub_reported_properties_total", "target", "edge_hub", "id",
                "line-1/filter"), equalTo(1.0));
        assertThat(Samples.value(text, "edgehub_direct_methods_total", "from", "line-1/caller", "to", "line-1/filter"),
                equalTo(1.0));
        assertThat(Samples.value(text, "edgehub_direct_methods_total", "from", "upstream", "to", "line-1/filter"),
                equalTo(1.0));
        assertThat(Samples.value(text, "edgehub_client_connect_failed_total", "id", "sensor-1", "reason",
                "wrong_signature"), equalTo(1.0));
        assertThat(Samples.value(text, "edgeAgent_module_start_total", "module_name", "filter", "module_version",
                "1.0"), equalTo(2.0));
        assertThat(Samples.value(text, "edgeAgent_module_stop_total", "module_name", "filter"), equalTo(1.0));
    }

    @Test
    public void theLabelSetsOfACounterAreBounded() {
        LabelledCounts counts = new LabelledCounts();
        for (int n = 0; n < LabelledCounts.MAX_LABEL_SETS + 5; n++) {
            counts.increment("stranger-" + n, "unknown_identity");
        }
        counts.increment("stranger-0", "unknown_identity");

        Map<List<String>, Long> seen = new HashMap<>();
        counts.forEach(seen::put);
        assertThat(seen.size(), equalTo(LabelledCounts.MAX_LABEL_SETS + 1));
        assertThat(seen.get(List.of("other", "other")), equalTo(5L));
        assertThat(seen.get(List.of("stranger-0", "unknown_identity")), equalTo(2L));
    }

    @Test
    public void jvmMetricsAreThere() throws IOException {
        String text = scrape(node.sources(false));

        assertThat(Samples.value(text, "jvm_memory_used_bytes", "area", "heap"), not(equalTo(null)));
        assertThat(Samples.value(text, "jvm_threads_current"), not(equalTo(null)));
    }

    @Test
    public void endpointsAreNamedAsIotEdgeNamesTargets() {
        assertThat(EdgeHubMetrics.target("$upstream"), equalTo(new String[] {"upstream", ""}));
        assertThat(EdgeHubMetrics.target("BrokeredEndpoint(\"/modules/m/inputs/in\")"), equalTo(new String[] {"m", "in"}));
        assertThat(EdgeHubMetrics.target("eventLog"), equalTo(new String[] {"eventLog", ""}));
    }

    private PrometheusRegistry registry(NodeSources sources) {
        return MetricsComponent.registry(Labels.of("iothub", "plant.local", "edge_device", "line-1", "instance_number", "7"),
                sources, node.operations);
    }

    private String scrape(NodeSources sources) throws IOException {
        return text(registry(sources));
    }

    private static String text(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
