package io.strata.itests.hierarchy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Maven repository on loopback serving files the test made, each with its {@code .sha1}. */
final class MavenRepository implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final HttpServer server;
    private boolean closed;

    MavenRepository(Map<String, byte[]> artifacts) throws Exception {
        for (Map.Entry<String, byte[]> artifact : artifacts.entrySet()) {
            files.put(artifact.getKey(), artifact.getValue());
            String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(artifact.getValue()));
            files.put(artifact.getKey() + ".sha1", sha1.getBytes(StandardCharsets.US_ASCII));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/repo/", this::serve);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo/";
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring("/repo/".length());
            requests.add(path);
            byte[] body = files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            server.stop(0);
            closed = true;
        }
    }
}
