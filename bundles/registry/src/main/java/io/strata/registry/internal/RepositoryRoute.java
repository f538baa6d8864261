package io.strata.registry.internal;

import io.strata.api.proxy.ProxyExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * GET and HEAD of a Maven-layout repository under a path prefix: a file streams from disk; what is not
 * there is 404, a remote that fails is 502, each with one line saying why.
 */
final class RepositoryRoute {

    private final String prefix;
    private final ArtifactRegistry registry;

    RepositoryRoute(String prefix, ArtifactRegistry registry) {
        this.prefix = prefix;
        this.registry = registry;
    }

    void serve(ProxyExchange exchange) throws IOException {
        boolean head = exchange.method().equals("HEAD");
        if (!head && !exchange.method().equals("GET")) {
            exchange.respond(405, Map.of("Allow", "GET, HEAD"), 0).close();
            return;
        }
        if (exchange.target().equals(prefix)) {
            // the registry's root says it is there: what edge:check below asks the parent's proxy
            reason(exchange, 200, "Strata artifact registry");
            return;
        }
        Optional<String> path = RepositoryPaths.of(exchange.target(), prefix);
        if (path.isEmpty()) {
            reason(exchange, 404, exchange.target() + " names no file of the Maven repository under " + prefix);
            return;
        }
        ArtifactRegistry.Lookup lookup = registry.find(path.get());
        if (lookup instanceof ArtifactRegistry.Found found) {
            send(exchange, found.file(), head);
        } else if (lookup instanceof ArtifactRegistry.Missing missing) {
            reason(exchange, 404, missing.reason());
        } else if (lookup instanceof ArtifactRegistry.Unavailable unavailable) {
            reason(exchange, 502, unavailable.reason());
        }
    }

    private static void send(ProxyExchange exchange, Path file, boolean head) throws IOException {
        // opened first: a file evicted meanwhile stays readable through its open stream
        try (InputStream content = Files.newInputStream(file)) {
            long size = Files.size(file);
            Map<String, String> headers = Map.of("Content-Type", contentType(file.getFileName().toString()),
                    "Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME
                            .format(Files.getLastModifiedTime(file).toInstant().atZone(ZoneOffset.UTC)));
            try (OutputStream out = exchange.respond(200, headers, size)) {
                if (!head) {
                    content.transferTo(out);
                }
            }
        }
    }

    private static void reason(ProxyExchange exchange, int status, String reason) throws IOException {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.method().equals("HEAD");
        try (OutputStream out = exchange.respond(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                body.length)) {
            if (!head) {
                out.write(body);
            }
        }
    }

    private static String contentType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jar") || lower.endsWith(".kar")) {
            return "application/java-archive";
        }
        if (lower.endsWith(".pom") || lower.endsWith(".xml")) {
            return "application/xml";
        }
        if (RemoteFetch.isChecksum(lower)) {
            return "text/plain";
        }
        return "application/octet-stream";
    }
}
