package io.strata.itests.sessions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;

/**
 * The least an AMQP client does: TLS, SASL (PLAIN with a SAS token, or ANONYMOUS) and an open
 * connection, with a real Proton-J engine pumped by one reader thread. It tells when the node closed
 * the socket, which is all these tests ask of it.
 */
final class BlockingAmqpClient implements AutoCloseable {

    private final Socket socket;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private BlockingAmqpClient(Socket socket) {
        this.socket = socket;
    }

    /** SASL PLAIN as the IoT Hub SDKs use it: {@code {identity}@sas.{hostname}} and the token. */
    static BlockingAmqpClient plain(SSLContext tls, int port, String hostname, String identity, String token)
            throws IOException {
        return open(tls, port, hostname, sasl -> sasl.plain(identity + "@sas." + hostname, token));
    }

    /** SASL ANONYMOUS, after which a client has to put a token on $cbs (these tests never do). */
    static BlockingAmqpClient anonymous(SSLContext tls, int port, String hostname) throws IOException {
        return open(tls, port, hostname, sasl -> sasl.setMechanisms("ANONYMOUS"));
    }

    private interface SaslSetup {
        void apply(Sasl sasl);
    }

    private static BlockingAmqpClient open(SSLContext tls, int port, String hostname, SaslSetup setup)
            throws IOException {
        BlockingAmqpClient client = new BlockingAmqpClient(tls.getSocketFactory().createSocket("127.0.0.1", port));
        Sasl sasl = client.transport.sasl();
        sasl.client();
        setup.apply(sasl);
        client.connection.setHostname(hostname);
        client.connection.setContainer("sessions-itest");
        client.transport.bind(client.connection);
        client.connection.open();
        Thread reader = new Thread(client::pump, "amqp-itest-client");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    /** Completes once the node closed the socket. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    private void pump() {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            writeOutput(out);
            int read;
            while ((read = in.read(buffer)) >= 0) {
                int offset = 0;
                while (offset < read && transport.capacity() > 0) {
                    ByteBuffer tail = transport.tail();
                    int length = Math.min(tail.remaining(), read - offset);
                    tail.put(buffer, offset, length);
                    transport.processInput();
                    offset += length;
                }
                writeOutput(out);
            }
        } catch (IOException e) {
            // the node reset the connection: closed all the same
        } finally {
            closed.complete(null);
        }
    }

    private void writeOutput(OutputStream out) throws IOException {
        int pending;
        while ((pending = transport.pending()) > 0) {
            byte[] bytes = new byte[pending];
            transport.head().duplicate().get(bytes);
            transport.pop(pending);
            out.write(bytes);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
