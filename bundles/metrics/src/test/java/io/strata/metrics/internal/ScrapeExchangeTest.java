package io.strata.metrics.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.snapshots.Labels;
import io.strata.testing.RecordedProxyExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The API proxy's /metrics as the Prometheus client's scrape handler serves it. */
public class ScrapeExchangeTest {

    private final FakeNode node = new FakeNode();
    private final PrometheusScrapeHandler handler = new PrometheusScrapeHandler(MetricsComponent.registry(
            Labels.of("iothub", "h", "edge_device", "d", "instance_number", "1"), node.sources(false), node.operations));

    @Test
    public void servesPrometheusText() throws IOException {
        node.endpoints.add(FakeNode.endpoint("$upstream", 2, 9));
        RecordedProxyExchange exchange = new RecordedProxyExchange("GET", "/metrics");

        handler.handleRequest(ScrapeExchange.of(exchange));

        assertThat(exchange.status, equalTo(200));
        assertThat(exchange.headers.get("Content-Type"), startsWith("text/plain; version=0.0.4"));
        assertThat(Samples.value(exchange.text(), "edgehub_messages_sent_total", "to", "upstream"), equalTo(9.0));
    }

    @Test
    public void filtersByNameAsPrometheusDoes() throws IOException {
        RecordedProxyExchange exchange = new RecordedProxyExchange("GET", "/metrics?name[]=edgehub_connected_clients");

        handler.handleRequest(ScrapeExchange.of(exchange));

        assertThat(exchange.text(), containsString("edgehub_connected_clients"));
        assertThat(exchange.text(), not(containsString("jvm_")));
    }

    @Test
    public void negotiatesOpenMetrics() throws IOException {
        RecordedProxyExchange exchange = new RecordedProxyExchange("GET", "/metrics",
                Map.of("accept", List.of("application/openmetrics-text; version=1.0.0")));

        handler.handleRequest(ScrapeExchange.of(exchange));

        assertThat(exchange.headers.get("Content-Type"), startsWith("application/openmetrics-text"));
        assertThat(exchange.text(), containsString("# EOF"));
    }
}
