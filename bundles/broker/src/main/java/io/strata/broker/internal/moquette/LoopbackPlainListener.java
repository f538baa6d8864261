package io.strata.broker.internal.moquette;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain MQTT listener: a port on the loopback interface only, each of whose connections is
 * relayed, wrapped in TLS, into the broker's TLS listener.
 *
 * <p>Moquette 0.17 binds every listener to its one {@code host}, so its own plain port would be open
 * wherever the TLS listener is, by default on every interface. Relaying instead keeps unencrypted
 * MQTT on this machine, and leaves a single listener inside Moquette to authenticate: a relayed
 * client presents no certificate, so only SAS tokens work here, as they should on a plain socket.
 */
final class LoopbackPlainListener implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackPlainListener.class);
    private static final int BUFFER_BYTES = 16 * 1024;

    private final ServerSocket server;
    private final InetSocketAddress tlsListener;
    private final SSLContext clientTls;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;

    /**
     * @param tlsListener where the broker's TLS listener can be reached from this machine
     * @param clientTls   a context trusting the broker's server certificate
     */
    LoopbackPlainListener(int port, InetSocketAddress tlsListener, SSLContext clientTls) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.tlsListener = tlsListener;
        this.clientTls = clientTls;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "strata-mqtt-loopback-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::accept);
        LOG.info("Plain MQTT listener on {}, relayed to the TLS listener", server.getLocalSocketAddress());
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("Plain MQTT listener cannot accept a connection: {}", e.getMessage());
                }
            }
        }
    }

    private void relay(Socket client) {
        open.add(client);
        Socket broker = null;
        try {
            broker = clientTls.getSocketFactory().createSocket(tlsListener.getAddress(), tlsListener.getPort());
            open.add(broker);
            Socket tls = broker;
            threads.execute(() -> pump(tls, client));
            pump(client, broker);
        } catch (IOException e) {
            LOG.warn("Cannot relay a plain MQTT connection to the TLS listener {}: {}", tlsListener, e.getMessage());
            closeQuietly(client);
        }
    }

    /** Copies until either side ends, then closes both, which ends the opposite pump too. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // a closed or reset connection: the normal end of a relayed session
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
