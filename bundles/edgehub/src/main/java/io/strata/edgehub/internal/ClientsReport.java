package io.strata.edgehub.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.json.Json;
import io.strata.api.module.ClientConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code clients} member of the edge hub's reported properties, as IoT Edge writes it:
 * {@code {"clients":{"<id>":{"status":"Connected"|"Disconnected","lastConnectedTimeUtc":..,"lastDisconnectedTimeUtc":..}}}}.
 */
final class ClientsReport {

    static final String CLIENTS = "clients";
    static final String STATUS = "status";
    static final String CONNECTED = "Connected";
    static final String DISCONNECTED = "Disconnected";
    static final String LAST_CONNECTED = "lastConnectedTimeUtc";
    static final String LAST_DISCONNECTED = "lastDisconnectedTimeUtc";

    private ClientsReport() {
    }

    /** A client's entry; a time it does not know yet is left out. */
    static ObjectNode entry(ClientConnection client) {
        ObjectNode entry = Json.mapper().createObjectNode();
        entry.put(STATUS, client.connected() ? CONNECTED : DISCONNECTED);
        putTime(entry, LAST_CONNECTED, client.lastConnected());
        putTime(entry, LAST_DISCONNECTED, client.lastDisconnected());
        return entry;
    }

    /** The reported patch that sets these entries, by client id, and leaves the others. */
    static String patch(Map<String, ObjectNode> entries) {
        ObjectNode clients = Json.mapper().createObjectNode();
        entries.forEach(clients::set);
        ObjectNode patch = Json.mapper().createObjectNode();
        patch.set(CLIENTS, clients);
        return patch.toString();
    }

    /** The entries in a reported section, by client id; none when it has no {@code clients} object. */
    static Map<String, ObjectNode> read(String reported) {
        Map<String, ObjectNode> entries = new HashMap<>();
        try {
            JsonNode clients = Json.mapper().readTree(reported).path(CLIENTS);
            clients.properties().forEach(member -> {
                if (member.getValue() instanceof ObjectNode entry) {
                    entries.put(member.getKey(), entry);
                }
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The reported properties are not JSON: " + e.getOriginalMessage(), e);
        }
        return entries;
    }

    private static void putTime(ObjectNode entry, String name, Instant time) {
        if (time != null) {
            entry.put(name, time.toString());
        }
    }
}
