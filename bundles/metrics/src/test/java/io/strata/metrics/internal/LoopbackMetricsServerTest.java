package io.strata.metrics.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertThrows;

import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.Test;

public class LoopbackMetricsServerTest {

    private final FakeNode node = new FakeNode();
    private final PrometheusScrapeHandler scrape = new PrometheusScrapeHandler(MetricsComponent.registry(
            Labels.of("iothub", "h", "edge_device", "d", "instance_number", "1"), node.sources(false), node.operations));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    public void servesTheScrapeOnTheLoopbackInterface() throws Exception {
        node.endpoints.add(FakeNode.endpoint("$upstream", 3, 8));
        try (LoopbackMetricsServer server = LoopbackMetricsServer.start(0, scrape)) {
            HttpResponse<String> response = get(server.port(), "/metrics");

            assertThat(response.statusCode(), equalTo(200));
            assertThat(response.headers().firstValue("Content-Type").orElseThrow(), startsWith("text/plain; version=0.0.4"));
            assertThat(Samples.value(response.body(), "edgehub_queue_length", "endpoint", "$upstream"), equalTo(3.0));
            assertThat(Samples.value(get(server.port(), "/metrics?name[]=edgehub_messages_sent_total").body(),
                    "edgehub_messages_sent_total", "to", "upstream"), equalTo(8.0));
        }
    }

    @Test
    public void anyOtherPathIs404() throws Exception {
        try (LoopbackMetricsServer server = LoopbackMetricsServer.start(0, scrape)) {
            assertThat(get(server.port(), "/").statusCode(), equalTo(404));
        }
    }

    @Test
    public void aPortInUseIsRefusedNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            IOException refused = assertThrows(IOException.class,
                    () -> LoopbackMetricsServer.start(taken.getLocalPort(), scrape).close());
            assertThat(refused.getMessage(), containsString("127.0.0.1:" + taken.getLocalPort()));
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                BodyHandlers.ofString());
    }
}
