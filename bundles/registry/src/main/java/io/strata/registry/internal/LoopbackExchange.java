package io.strata.registry.internal;

import com.sun.net.httpserver.HttpExchange;
import io.strata.api.identity.IdentityId;
import io.strata.api.proxy.ProxyExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A request of this node's own Maven resolver on the loopback port, as the repository route reads one. */
final class LoopbackExchange implements ProxyExchange {

    private final HttpExchange exchange;
    private final IdentityId node;

    LoopbackExchange(HttpExchange exchange, IdentityId node) {
        this.exchange = exchange;
        this.node = node;
    }

    @Override
    public String method() {
        return exchange.getRequestMethod();
    }

    @Override
    public String target() {
        return exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
    }

    @Override
    public IdentityId client() {
        return node;
    }

    @Override
    public Map<String, List<String>> headers() {
        return exchange.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
    }

    @Override
    public long contentLength() {
        return 0;
    }

    @Override
    public InputStream body() {
        return exchange.getRequestBody();
    }

    @Override
    public OutputStream respond(int status, Map<String, String> headers, long contentLength) {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        try {
            if ("HEAD".equals(method())) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(contentLength));
                exchange.sendResponseHeaders(status, -1);
            } else {
                // the JDK server's own encoding of lengths: -1 for no body, 0 for chunked
                exchange.sendResponseHeaders(status, contentLength == 0 ? -1 : contentLength < 0 ? 0 : contentLength);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exchange.getResponseBody();
    }
}
