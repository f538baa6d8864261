package io.strata.registry.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A remote Maven repository on loopback serving a folder, as a JDK HTTP server: optionally only to a
 * user with a password, counting what it was asked.
 */
final class RemoteRepository implements AutoCloseable {

    final Path folder;
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile String expectedAuthorization;
    /** How long each answer takes, so that requests overlap. */
    volatile long delayMillis;

    RemoteRepository(Path folder) throws IOException {
        this.folder = folder;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/repo/", this::serve);
        server.start();
    }

    RemoteRepository requireBasic(String base64Credentials) {
        expectedAuthorization = "Basic " + base64Credentials;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo";
    }

    /** Writes {@code content} at {@code path} in the folder, with its correct {@code .sha1}. */
    void publish(String path, byte[] content) throws IOException {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Digests digests = new Digests();
        digests.update(content, 0, content.length);
        Files.writeString(folder.resolve(path + ".sha1"), digests.sha1() + "  " + file.getFileName() + "\n");
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/repo/".length());
        requests.add(path);
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (expectedAuthorization != null
                && !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "who are you".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Path file = folder.resolve(path);
        if (!Files.isRegularFile(file)) {
            respond(exchange, 404, new byte[0]);
            return;
        }
        respond(exchange, 200, Files.readAllBytes(file));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
