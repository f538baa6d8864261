package io.strata.registry.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.api.identity.IdentityId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The registry for this node's own Maven resolver (pax-url-aether, which Karaf's feature service
 * downloads through): plain HTTP on a loopback port, under a path holding a secret drawn at start, so
 * only who can read the resolver's configuration reaches it. The resolver cannot speak to the TLS proxy
 * port with a SAS token, hence this second door; it serves the same route as the proxy port.
 */
final class ResolverRepository implements AutoCloseable {

    /** The id of the repository in {@code org.ops4j.pax.url.mvn.repositories}. */
    static final String ID = "strata-upstream";
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService threads;
    private final String prefix;

    /**
     * @param port     the loopback port, 0 for any free one
     * @param registry the registry as it is at each request (a changed configuration starts a new one)
     * @param node     this node, as the client of every request
     */
    ResolverRepository(int port, Supplier<ArtifactRegistry> registry, IdentityId node) throws IOException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        prefix = "/" + HexFormat.of().formatHex(secret) + RegistryComponent.PATH;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        threads = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "strata-registry-resolver");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext(prefix, exchange -> serve(exchange, new RepositoryRoute(prefix, registry.get()), node));
        server.start();
    }

    private static void serve(HttpExchange exchange, RepositoryRoute route, IdentityId node) throws IOException {
        try (exchange) {
            route.serve(new LoopbackExchange(exchange, node));
        }
    }

    /** The path below which the repository lies, secret included, ending in {@code /maven/}. */
    String prefix() {
        return prefix;
    }

    /** The entry of {@code org.ops4j.pax.url.mvn.repositories} that reaches this repository. */
    String resolverEntry() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix + "@id=" + ID + "@snapshots";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
