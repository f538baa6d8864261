package io.strata.metrics.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.snapshots.Labels;
import io.strata.api.identity.IdentityId;
import io.strata.api.proxy.ProxyExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
        Exchange exchange = new Exchange("/metrics", Map.of());

        handler.handleRequest(ScrapeExchange.of(exchange));

        assertThat(exchange.status, equalTo(200));
        assertThat(exchange.headers.get("Content-Type"), startsWith("text/plain; version=0.0.4"));
        assertThat(Samples.value(exchange.text(), "edgehub_messages_sent_total", "to", "upstream"), equalTo(9.0));
    }

    @Test
    public void filtersByNameAsPrometheusDoes() throws IOException {
        Exchange exchange = new Exchange("/metrics?name[]=edgehub_connected_clients", Map.of());

        handler.handleRequest(ScrapeExchange.of(exchange));

        assertThat(exchange.text(), containsString("edgehub_connected_clients"));
        assertThat(exchange.text(), not(containsString("jvm_")));
    }

    @Test
    public void negotiatesOpenMetrics() throws IOException {
        Exchange exchange = new Exchange("/metrics",
                Map.of("accept", List.of("application/openmetrics-text; version=1.0.0")));

        handler.handleRequest(ScrapeExchange.of(exchange));

        assertThat(exchange.headers.get("Content-Type"), startsWith("application/openmetrics-text"));
        assertThat(exchange.text(), containsString("# EOF"));
    }

    private static final class Exchange implements ProxyExchange {
        private final String target;
        private final Map<String, List<String>> requestHeaders;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> headers;
        int status;

        Exchange(String target, Map<String, List<String>> requestHeaders) {
            this.target = target;
            this.requestHeaders = requestHeaders;
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public IdentityId client() {
            return IdentityId.parse("d");
        }

        @Override
        public Map<String, List<String>> headers() {
            return requestHeaders;
        }

        @Override
        public long contentLength() {
            return 0;
        }

        @Override
        public InputStream body() {
            return InputStream.nullInputStream();
        }

        @Override
        public OutputStream respond(int status, Map<String, String> headers, long contentLength) {
            this.status = status;
            this.headers = Map.copyOf(headers);
            return body;
        }
    }
}
