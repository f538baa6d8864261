package io.strata.agent.internal.methods;

import io.strata.api.identity.IdentityId;
import io.strata.api.proxy.ProxyExchange;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request handed to a {@link io.strata.api.proxy.ProxyRoute} of this node in-process, as the API proxy
 * would hand it over from the network: how the top node, which has no parent to send {@code $upstream}
 * requests to, reaches its own blob storage. The response's status and headers are kept, and the first
 * {@value #KEPT_BODY_BYTES} bytes of its body for an error message.
 */
final class LocalExchange implements ProxyExchange {

    static final int KEPT_BODY_BYTES = 16 * 1024;

    private final String method;
    private final String target;
    private final IdentityId client;
    private final Map<String, List<String>> headers = new HashMap<>();
    private final long contentLength;
    private final InputStream body;
    private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
    private int status;
    private Map<String, String> responseHeaders = Map.of();

    LocalExchange(String method, String target, IdentityId client, Map<String, String> headers, long contentLength,
            InputStream body) {
        this.method = method;
        this.target = target;
        this.client = client;
        headers.forEach((name, value) -> this.headers.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        this.contentLength = contentLength;
        this.body = body;
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
        return client;
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public OutputStream respond(int status, Map<String, String> headers, long contentLength) {
        if (this.status != 0) {
            throw new IllegalStateException("the response has already started");
        }
        this.status = status;
        this.responseHeaders = Map.copyOf(headers);
        return new OutputStream() {
            @Override
            public void write(int b) {
                if (responseBody.size() < KEPT_BODY_BYTES) {
                    responseBody.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                responseBody.write(bytes, offset, Math.max(0, Math.min(length, KEPT_BODY_BYTES - responseBody.size())));
            }
        };
    }

    /** The response's status; 0 while the route did not respond. */
    int status() {
        return status;
    }

    /** A response header, whatever the case of its name; null when there is none. */
    String responseHeader(String name) {
        return responseHeaders.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The start of the response's body. */
    String responseBody() {
        return responseBody.toString(StandardCharsets.UTF_8);
    }
}
