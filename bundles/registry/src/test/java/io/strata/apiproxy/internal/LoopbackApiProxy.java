package io.strata.apiproxy.internal;

import io.strata.api.proxy.ProxyRoute;
import io.strata.testing.MemoryAuthentication;
import io.strata.testing.MemoryIdentityRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A real API proxy listener on loopback for the tests of other bundles' routes: TLS, Netty, client
 * authentication against an identity registry in memory, and no parent. It lives in the proxy's
 * package because the listener is internal to it.
 */
public final class LoopbackApiProxy implements AutoCloseable {

    private final ApiProxyListener listener;

    public LoopbackApiProxy(SSLContext tls, MemoryIdentityRegistry identities, Map<String, ProxyRoute> routes) {
        MemoryAuthentication authentication = new MemoryAuthentication(identities);
        ProxySettings settings = new ProxySettings(Routes.of("*", "/"), new ConcurrentHashMap<>(routes),
                new ConcurrentHashMap<>(), Optional.empty(), null,
                new ClientAuthentication(authentication, authentication), 1L << 32, 5_000, 60);
        listener = new ApiProxyListener("127.0.0.1", 0, tls, settings);
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }
}
