package io.strata.routing.internal.lang;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Set;

/**
 * A message body as {@code $body} references see it: JSON, which IoT Hub only reads when the
 * content type is {@code application/json} and the content encoding UTF-8, UTF-16 or UTF-32.
 * Otherwise it holds the reason why the body cannot be queried.
 */
final class JsonBody {
    private static final Set<String> ENCODINGS = Set.of("UTF-8", "UTF-16", "UTF-32");

    private final JsonNode root;
    private final String unavailableBecause;

    private JsonBody(JsonNode root, String unavailableBecause) {
        this.root = root;
        this.unavailableBecause = unavailableBecause;
    }

    static JsonBody of(Message message) {
        String contentType = message.contentType().orElse(null);
        if (contentType == null) {
            return unavailable("the message has no content type");
        }
        if (!mediaType(contentType).equalsIgnoreCase("application/json")) {
            return unavailable("the content type is " + contentType);
        }
        String encoding = message.contentEncoding().map(name -> name.trim().toUpperCase(Locale.ROOT)).orElse(null);
        if (encoding == null) {
            return unavailable("the message has no content encoding");
        }
        if (!ENCODINGS.contains(encoding)) {
            return unavailable("the content encoding is " + message.contentEncoding().get());
        }
        try {
            return new JsonBody(Json.mapper().readTree(new String(message.body(), Charset.forName(encoding))), null);
        } catch (JsonProcessingException e) {
            return unavailable("the body is not valid JSON");
        }
    }

    private static JsonBody unavailable(String reason) {
        return new JsonBody(null, reason);
    }

    /** The type and subtype, without parameters such as {@code charset}. */
    private static String mediaType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
    }

    boolean isAvailable() {
        return root != null;
    }

    JsonNode root() {
        return root;
    }

    String unavailableBecause() {
        return unavailableBecause;
    }
}
