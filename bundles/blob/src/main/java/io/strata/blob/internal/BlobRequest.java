package io.strata.blob.internal;

import io.strata.api.proxy.ProxyExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request to the blob service, path style as Azurite and Blob Storage on IoT Edge take it:
 * {@code /<account>/[<container>[/<blob>]]?<query>}, the blob name decoded (it may hold {@code /}),
 * the query parameters by lower-case name with their values decoded.
 *
 * @param rawPath the path as the client sent it, which its signature covers
 */
record BlobRequest(String method, String rawPath, String container, String blob, Map<String, List<String>> query,
        Map<String, List<String>> headers) {

    /** @param prefix {@code /<account>}, the route's prefix */
    static BlobRequest of(ProxyExchange exchange, String prefix) throws BlobException {
        String target = exchange.target();
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        Map<String, List<String>> query = new TreeMap<>();
        if (question >= 0) {
            for (String parameter : target.substring(question + 1).split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = decode(equals < 0 ? parameter : parameter.substring(0, equals), true);
                String value = equals < 0 ? "" : decode(parameter.substring(equals + 1), true);
                query.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(value);
            }
        }
        String rest = rawPath.startsWith(prefix) ? rawPath.substring(prefix.length()) : null;
        if (rest == null || !rest.isEmpty() && !rest.startsWith("/")) {
            throw new BlobException(404, "ResourceNotFound", "This node's blob storage serves the account "
                    + prefix.substring(1) + " under " + prefix + "/, not " + rawPath);
        }
        String[] segments = rest.isEmpty() ? new String[] {""} : rest.substring(1).split("/", 2);
        String container = segments[0].isEmpty() ? null : decode(segments[0], false);
        String blob = segments.length > 1 && !segments[1].isEmpty() ? decode(segments[1], false) : null;
        return new BlobRequest(exchange.method(), rawPath, container, blob, query, exchange.headers());
    }

    /** The first value of a header (by lower-case name); null when it is absent. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of a query parameter (by lower-case name). */
    Optional<String> parameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Whether query parameter {@code name} has {@code value}. */
    boolean has(String name, String value) {
        return parameter(name).filter(value::equalsIgnoreCase).isPresent();
    }

    /** The user metadata of {@code x-ms-meta-*} headers, by name without the prefix. */
    Map<String, String> metadata() {
        Map<String, String> metadata = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (name.startsWith("x-ms-meta-") && !values.isEmpty()) {
                metadata.put(name.substring("x-ms-meta-".length()), values.get(0));
            }
        });
        return metadata;
    }

    private static String decode(String text, boolean plusIsSpace) {
        return URLDecoder.decode(plusIsSpace ? text : text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
