package io.strata.apiproxy.internal;

import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeSettings;
import io.strata.api.proxy.ProxyRoute;
import io.strata.api.proxy.UpstreamClient;
import io.strata.testing.CertificateStoreStub;
import io.strata.testing.MemoryAuthentication;
import io.strata.testing.MemoryIdentityRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A real API proxy listener on loopback for the tests of other bundles' routes: TLS, Netty, client
 * authentication against an identity registry in memory, and no parent; and the client a child node
 * has of it as its parent. It lives in the proxy's package because the listener is internal to it.
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

    /**
     * The {@link UpstreamClient} of a child node {@code deviceId} whose parent is this proxy, named
     * {@code hostname} in its certificate: as the node's API proxy builds it, with a SAS token from {@code key}.
     */
    public UpstreamClient clientOfChild(String hostname, String deviceId, String key, SSLContext trustingIt) {
        Map<String, Object> node = new HashMap<>();
        node.put(NodeSettings.HOSTNAME, deviceId);
        node.put(NodeSettings.DEVICE_ID, deviceId);
        node.put(NodeSettings.PARENT_HOSTNAME, hostname);
        node.put(NodeSettings.PARENT_ADDRESS, "127.0.0.1");
        node.put(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY, key);
        NodeConfiguration configuration = ValidatedConfiguration.read(NodeConfiguration.class, NodeSettings.PID, node);
        ParentProxy parent = ParentProxy.of(configuration, port(), new CertificateStoreStub() {
            @Override
            public SSLContext clientSslContext() {
                return trustingIt;
            }
        }, Path.of("."), Clock.systemUTC()).orElseThrow();
        return new ParentClient(parent, 5_000, 30_000);
    }

    @Override
    public void close() {
        listener.close();
    }
}
