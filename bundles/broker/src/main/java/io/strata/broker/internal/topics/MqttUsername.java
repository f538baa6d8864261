package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import java.util.Map;

/**
 * The MQTT user name IoT Hub clients send: {@code {host}/{deviceId}/?api-version=...} or
 * {@code {host}/{deviceId}/{moduleId}/?api-version=...}. Query parameters besides
 * {@code api-version} (such as {@code DeviceClientType}) are kept but not interpreted.
 */
public record MqttUsername(String hostname, IdentityId identity, String apiVersion, Map<String, String> query) {

    static final String API_VERSION = "api-version";

    /** @throws IllegalArgumentException saying what is wrong, for the connection log */
    public static MqttUsername parse(String username) {
        int question = username.indexOf('?');
        if (question < 0) {
            throw new IllegalArgumentException("user name has no '?" + API_VERSION + "=' query");
        }
        String path = username.substring(0, question);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] segments = path.split("/", -1);
        if (segments.length < 2 || segments.length > 3 || segments[0].isEmpty()) {
            throw new IllegalArgumentException("user name is not '{host}/{deviceId}[/{moduleId}]/?" + API_VERSION + "=...'");
        }
        IdentityId identity = new IdentityId(segments[1], segments.length == 3 ? segments[2] : null);
        Map<String, String> query;
        try {
            query = Map.copyOf(BagProperties.parse(username.substring(question + 1)));
        } catch (MalformedTopicException e) {
            throw new IllegalArgumentException("user name query: " + e.getMessage());
        }
        String apiVersion = query.get(API_VERSION);
        if (apiVersion == null || apiVersion.isEmpty()) {
            throw new IllegalArgumentException("user name has no " + API_VERSION);
        }
        return new MqttUsername(segments[0], identity, apiVersion, query);
    }
}
