package io.strata.apiproxy.internal;

import io.strata.api.proxy.ProxyRoute;
import io.strata.api.transport.TunnelledProtocol;
import java.util.Map;
import java.util.Optional;

/**
 * What every connection of one listener decides with.
 *
 * @param routes         which paths are local and which go upstream
 * @param localServices  the local services by prefix, as they come and go
 * @param protocols      the WebSocket protocols by subprotocol, as they come and go
 * @param parent         the parent's proxy; empty on the top node or when its settings are unusable
 * @param parentProblem  why there is no parent although one is configured; null otherwise
 * @param authentication who a request comes from
 * @param maxBodyBytes   the largest request body accepted
 * @param connectTimeoutMillis how long to wait for the parent's proxy to accept a connection
 * @param idleTimeoutSeconds how long a proxied request may pass without a byte either way
 */
record ProxySettings(Routes routes, Map<String, ProxyRoute> localServices, Map<String, TunnelledProtocol> protocols,
        Optional<ParentProxy> parent, String parentProblem, ClientAuthentication authentication, long maxBodyBytes,
        int connectTimeoutMillis, int idleTimeoutSeconds) {
}
