package io.strata.api.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The parent's answer to an {@link UpstreamClient} request. The body streams from the connection, which
 * closing this answer closes.
 *
 * @param status        the HTTP status code
 * @param headers       the headers by lower-case name
 * @param contentLength the body's length, or -1 when the parent did not say (a chunked body)
 * @param body          the body, already de-chunked; empty for a {@code HEAD}
 */
public record UpstreamResponse(int status, Map<String, List<String>> headers, long contentLength, InputStream body)
        implements Closeable {

    public UpstreamResponse {
        headers = Map.copyOf(headers);
    }

    /** The first value of the header {@code name} (lower-case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
