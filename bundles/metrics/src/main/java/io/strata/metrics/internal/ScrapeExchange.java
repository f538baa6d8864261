package io.strata.metrics.internal;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.strata.api.proxy.ProxyExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A request for {@code /metrics} as the Prometheus client's scrape handler takes it, so that the
 * library negotiates the format (Prometheus text, OpenMetrics, gzip) and filters by {@code name[]}
 * exactly as its own HTTP server does.
 */
final class ScrapeExchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {

    /** Starts the response: as {@link ProxyExchange#respond}, with -1 for a body of unknown length. */
    interface Responder {
        OutputStream respond(int status, Map<String, String> headers, long contentLength);
    }

    private final String method;
    private final String target;
    private final Function<String, List<String>> requestHeaders;
    private final Responder responder;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private OutputStream body;

    /**
     * @param target         the path and query
     * @param requestHeaders the values of a request header by its lower-case name, null when it has none
     */
    ScrapeExchange(String method, String target, Function<String, List<String>> requestHeaders, Responder responder) {
        this.method = method;
        this.target = target;
        this.requestHeaders = requestHeaders;
        this.responder = responder;
    }

    /** A request to the API proxy's {@code /metrics}. */
    static ScrapeExchange of(ProxyExchange exchange) {
        return new ScrapeExchange(exchange.method(), exchange.target(), name -> exchange.headers().get(name),
                exchange::respond);
    }

    @Override
    public PrometheusHttpRequest getRequest() {
        return this;
    }

    @Override
    public PrometheusHttpResponse getResponse() {
        return this;
    }

    @Override
    public String getQueryString() {
        int query = target.indexOf('?');
        return query < 0 ? null : target.substring(query + 1);
    }

    @Override
    public String getRequestPath() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    @Override
    public java.util.Enumeration<String> getHeaders(String name) {
        List<String> values = requestHeaders.apply(name.toLowerCase(Locale.ROOT));
        return values == null ? null : Collections.enumeration(values);
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public void setHeader(String name, String value) {
        responseHeaders.put(name, value);
    }

    @Override
    public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
        // The proxy sets the framing headers itself from the length it is given.
        responseHeaders.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Length")
                || name.equalsIgnoreCase("Transfer-Encoding"));
        body = responder.respond(statusCode, responseHeaders, contentLength > 0 ? contentLength : -1);
        return body;
    }

    @Override
    public void handleException(IOException e) throws IOException {
        throw e;
    }

    @Override
    public void handleException(RuntimeException e) {
        throw e;
    }

    @Override
    public void close() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                // The client went away; the proxy closes the connection.
            }
        }
    }
}
