package io.strata.shell.internal.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The clients a node's edge hub reports in the {@code clients} of its {@code $edgeHub} twin:
 * {@code {"<id>":{"status":..,"lastConnectedTimeUtc":..,"lastDisconnectedTimeUtc":..}}}.
 */
final class ReportedClients {

    /**
     * One client as reported.
     *
     * @param lastSeen when it connected if it is connected, else when it disconnected; empty when not reported
     */
    record Client(String id, String status, String lastSeen) {
    }

    private ReportedClients() {
    }

    /** The clients in a reported section, ordered by id; none when it has no {@code clients}. */
    static List<Client> of(String reported) {
        JsonNode clients;
        try {
            clients = Json.mapper().readTree(reported).path("clients");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A reported section is not JSON: " + e.getOriginalMessage(), e);
        }
        List<Client> result = new ArrayList<>();
        clients.properties().forEach(member -> {
            JsonNode entry = member.getValue();
            String status = entry.path("status").asText("");
            String lastSeen = "Connected".equals(status)
                    ? entry.path("lastConnectedTimeUtc").asText("")
                    : entry.path("lastDisconnectedTimeUtc").asText(entry.path("lastConnectedTimeUtc").asText(""));
            result.add(new Client(member.getKey(), status, lastSeen));
        });
        result.sort(Comparator.comparing(Client::id));
        return result;
    }
}
