package io.strata.api.proxy;

import io.strata.api.identity.IdentityId;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One HTTP request to a {@link ProxyRoute} and its response. Both bodies stream: the request body is
 * read from the connection as the route reads it, and the response body is written as the route
 * writes it, waiting while the client is slow, so no body is ever held whole in memory.
 */
@ProviderType
public interface ProxyExchange {

    /** The method, e.g. {@code GET}. */
    String method();

    /** The path and query as the client sent them (origin form, e.g. {@code /v2/a/b?x=1}). */
    String target();

    /** The authenticated identity that sent the request: at or below this node. */
    IdentityId client();

    /** The request headers by lower-case name. */
    Map<String, List<String>> headers();

    /** The request body's length, or -1 when it comes chunked. */
    long contentLength();

    /** The request body; empty when there is none. Reading past the body's end returns -1. */
    InputStream body();

    /**
     * Starts the response, once.
     *
     * @param status        the HTTP status code
     * @param headers       its headers (no {@code Content-Length} or {@code Transfer-Encoding}: see below)
     * @param contentLength the body's length, or -1 to send it chunked; to a {@code HEAD} request the length a
     *                      {@code GET} would get, with nothing written: the proxy sends no body to a HEAD
     * @return the response body; closing it ends the response
     * @throws IllegalStateException when the response has already started
     */
    OutputStream respond(int status, Map<String, String> headers, long contentLength);
}
