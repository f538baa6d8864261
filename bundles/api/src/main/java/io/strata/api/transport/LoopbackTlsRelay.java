package io.strata.api.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A {@link TunnelledProtocol} that relays each tunnelled connection over TLS on this machine into
 * the protocol's own TLS listener, which then authenticates and authorizes it as any other
 * connection. That listener sees the relay as its peer; it asks {@link #relayedPeer} for the client
 * behind it (its address, and its TLS session for authentication by certificate).
 */
public final class LoopbackTlsRelay implements TunnelledProtocol, AutoCloseable {

    private static final int BUFFER_BYTES = 16 * 1024;
    /** The clients of the relays that are open, by relay port and listener port. */
    private static final Map<String, TunnelPeer> RELAYED = new ConcurrentHashMap<>();

    private final InetSocketAddress listener;
    private final SSLContext clientTls;
    private final Set<Relay> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;

    /**
     * @param name      names the relay threads
     * @param listener  where the protocol's TLS listener is reached on this machine
     * @param clientTls a context trusting that listener's server certificate
     */
    public LoopbackTlsRelay(String name, InetSocketAddress listener, SSLContext clientTls) {
        this.listener = listener;
        this.clientTls = clientTls;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "strata-" + name + "-relay-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Where a listener bound to {@code bindAddress} is reached from here: loopback when it listens on every interface. */
    public static InetSocketAddress localAddressOf(String bindAddress, int port) throws IOException {
        InetAddress address = InetAddress.getByName(bindAddress);
        return new InetSocketAddress(address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address, port);
    }

    /**
     * The tunnelled client behind a connection a TLS listener accepted; empty when the connection is
     * not one of these relays.
     *
     * @param remote       the connection's remote address
     * @param listenerPort the port the listener accepted it on
     */
    public static Optional<TunnelPeer> relayedPeer(InetSocketAddress remote, int listenerPort) {
        if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
            return Optional.empty();
        }
        return Optional.ofNullable(RELAYED.get(key(remote.getPort(), listenerPort)));
    }

    @Override
    public ByteStream open(TunnelPeer peer, ByteStream toClient) throws IOException {
        Socket socket = clientTls.getSocketFactory().createSocket(listener.getAddress(), listener.getPort());
        Relay relay = new Relay(socket, key(socket.getLocalPort(), listener.getPort()), toClient);
        // Known before the first byte reaches the listener, so before it can ask.
        RELAYED.put(relay.key, peer);
        open.add(relay);
        threads.execute(relay::pumpToClient);
        return relay;
    }

    /** Ends every relayed connection. */
    @Override
    public void close() {
        open.forEach(Relay::close);
        threads.shutdownNow();
    }

    private static String key(int relayPort, int listenerPort) {
        return relayPort + ">" + listenerPort;
    }

    /** One relayed connection: what the client sends goes to the listener, and back. */
    private final class Relay implements ByteStream {

        private final Socket socket;
        private final String key;
        private final ByteStream toClient;
        private final OutputStream toListener;
        private final AtomicBoolean closed = new AtomicBoolean();

        Relay(Socket socket, String key, ByteStream toClient) throws IOException {
            this.socket = socket;
            this.key = key;
            this.toClient = toClient;
            this.toListener = socket.getOutputStream();
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            synchronized (toListener) {
                toListener.write(bytes);
                toListener.flush();
            }
        }

        void pumpToClient() {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = socket.getInputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    toClient.write(Arrays.copyOf(buffer, read));
                }
            } catch (IOException e) {
                // a closed or reset connection, from either side: the normal end of a relayed session
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            open.remove(this);
            RELAYED.remove(key);
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
            toClient.close();
        }
    }
}
