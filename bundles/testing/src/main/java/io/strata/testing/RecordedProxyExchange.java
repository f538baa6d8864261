package io.strata.testing;

import io.strata.api.identity.IdentityId;
import io.strata.api.proxy.ProxyExchange;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A request without a body to a proxy route, from device {@code leaf}, and the response it got, in memory. */
public final class RecordedProxyExchange implements ProxyExchange {

    private final String method;
    private final String target;
    private final Map<String, List<String>> requestHeaders;
    public final ByteArrayOutputStream body = new ByteArrayOutputStream();
    public int status;
    /** The response's headers; null until the route responded. */
    public Map<String, String> headers;
    public long contentLength;

    public RecordedProxyExchange(String method, String target) {
        this(method, target, Map.of());
    }

    /** @param requestHeaders by lower-case name */
    public RecordedProxyExchange(String method, String target, Map<String, List<String>> requestHeaders) {
        this.method = method;
        this.target = target;
        this.requestHeaders = requestHeaders;
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
        if (this.headers != null) {
            throw new IllegalStateException("responded twice");
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.contentLength = contentLength;
        return body;
    }

    /** The response's body as UTF-8 text. */
    public String text() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
