package io.strata.api.proxy;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A path prefix this node serves itself on its API proxy port (the registry, blob storage, ...),
 * registered as an OSGi service with the property {@link #PATH_PREFIX}. The proxy authenticates
 * and confines the client before it calls the route; the longest matching prefix wins.
 */
@ConsumerType
public interface ProxyRoute {

    /** The service property naming the path prefix, e.g. {@code /v2/}; it starts with {@code /}. */
    String PATH_PREFIX = "strata.apiproxy.path";

    /**
     * Serves one request on a thread of its own, where blocking on the body streams is expected.
     * A route that throws before it responds gets a 500 for it; after it responded, the connection
     * is closed.
     */
    void serve(ProxyExchange exchange) throws IOException;
}
