package io.strata.apiproxy.internal;

import io.strata.api.proxy.ProxyRoute;
import io.strata.testing.MemoryAuthentication;
import io.strata.testing.MemoryIdentityRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A real API proxy listener on loopback for the blob storage's tests: TLS, Netty, client
 * authentication against an identity registry in memory, a body limit, and no parent. It lives in the
 * proxy's package because the listener is internal to it (as the registry's tests do).
 */
public final class LoopbackBlobProxy implements AutoCloseable {

    private final ApiProxyListener listener;

    public LoopbackBlobProxy(SSLContext tls, MemoryIdentityRegistry identities, Map<String, ProxyRoute> routes,
            long maxBodyBytes) {
        MemoryAuthentication authentication = new MemoryAuthentication(identities);
        ProxySettings settings = new ProxySettings(Routes.of("*", "/"), new ConcurrentHashMap<>(routes),
                new ConcurrentHashMap<>(), Optional.empty(), null,
                new ClientAuthentication(authentication, authentication), maxBodyBytes, 5_000, 60);
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
