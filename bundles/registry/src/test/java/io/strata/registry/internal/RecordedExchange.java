package io.strata.registry.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.proxy.ProxyExchange;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A request to a route, and the response it got, kept in memory. */
final class RecordedExchange implements ProxyExchange {

    private final String method;
    private final String target;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status;
    Map<String, String> headers;
    long contentLength;

    RecordedExchange(String method, String target) {
        this.method = method;
        this.target = target;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public IdentityId client() {
        return IdentityId.device("leaf");
    }

    @Override
    public Map<String, List<String>> headers() {
        return Map.of();
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
        if (this.headers != null) {
            throw new IllegalStateException("responded twice");
        }
        this.status = status;
        this.headers = headers;
        this.contentLength = contentLength;
        return body;
    }

    String text() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
