package io.strata.apiproxy.internal;

import io.strata.api.proxy.UpstreamClient;
import io.strata.api.proxy.UpstreamResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSocket;

/**
 * The {@link UpstreamClient} of a node with a parent: one blocking HTTP/1.1 connection per request to
 * the parent's proxy, closed with the answer's body, so a service of this node fetches (or uploads) as
 * this node whatever the parent serves, as the proxy forwards its clients' requests.
 */
final class ParentClient implements UpstreamClient {

    private static final Set<String> BODILESS_METHODS = Set.of("GET", "HEAD");
    private static final Set<String> BODY_METHODS = Set.of("PUT", "POST");
    /** Headers the client writes itself. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "authorization", "proxy-authorization");

    private final ParentProxy parent;
    private final int connectTimeoutMillis;
    private final int idleTimeoutMillis;

    ParentClient(ParentProxy parent, int connectTimeoutMillis, int idleTimeoutMillis) {
        this.parent = parent;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    @Override
    public UpstreamResponse open(String method, String target) throws IOException {
        if (!BODILESS_METHODS.contains(method)) {
            throw new IllegalArgumentException(method + " to the parent without a body: only GET and HEAD are sent");
        }
        return exchange(method, target, Map.of(), -1, null);
    }

    @Override
    public UpstreamResponse send(String method, String target, Map<String, String> headers, long contentLength,
            InputStream body) throws IOException {
        if (!BODY_METHODS.contains(method)) {
            throw new IllegalArgumentException(method + " to the parent with a body: only PUT and POST are sent");
        }
        if (contentLength < 0) {
            throw new IllegalArgumentException("a body's length must be 0 or more, not " + contentLength);
        }
        headers.forEach((name, value) -> {
            if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT)) || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
                    || value.chars().anyMatch(c -> c < ' ' && c != '\t' || c == 127)) {
                throw new IllegalArgumentException("header '" + name + "' cannot be sent: it is this client's own or "
                        + "not a valid header");
            }
        });
        return exchange(method, target, headers, contentLength, body);
    }

    private UpstreamResponse exchange(String method, String target, Map<String, String> headers, long contentLength,
            InputStream body) throws IOException {
        if (!target.startsWith("/") || target.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new IllegalArgumentException("not a target in origin form: " + target);
        }
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(parent.address(), parent.port()), connectTimeoutMillis);
            plain.setSoTimeout(idleTimeoutMillis);
            SSLSocket socket = parent.layerOver(plain);
            socket.startHandshake();
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(parent.hostHeader()).append("\r\n");
            parent.authorization().ifPresent(token -> request.append("Authorization: ").append(token).append("\r\n"));
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                request.append("Content-Length: ").append(contentLength).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                copy(body, out, contentLength);
            }
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            HttpResponseHead head = HttpResponseHead.read(in);
            long length = contentLength(head);
            return new UpstreamResponse(head.status(), head.headers(), length, body(method, head, length, in));
        } catch (IOException e) {
            plain.close();
            throw new IOException(parent + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static void copy(InputStream body, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (long left = length; left > 0; ) {
            int read = body.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the body ended " + left + " bytes before its length of " + length);
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private static long contentLength(HttpResponseHead head) throws IOException {
        String length = head.header("content-length");
        if (length == null || isChunked(head)) {
            return -1;
        }
        try {
            return Long.parseLong(length);
        } catch (NumberFormatException e) {
            throw new IOException("the parent answered a Content-Length that is not a number: " + length);
        }
    }

    private static InputStream body(String method, HttpResponseHead head, long length, InputStream in)
            throws IOException {
        if ("HEAD".equals(method) || head.status() == 204 || head.status() == 304) {
            in.close();
            return InputStream.nullInputStream();
        }
        if (isChunked(head)) {
            return new ChunkedBody(in);
        }
        // without a length the body ends with the connection, which this request asked to be closed
        return length < 0 ? in : new FixedLengthBody(in, length);
    }

    private static boolean isChunked(HttpResponseHead head) {
        String encoding = head.header("transfer-encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    @Override
    public String toString() {
        return "the parent's proxy, " + parent;
    }
}
