package io.strata.edgehub.internal.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.AuthType;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityKind;
import io.strata.api.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity snapshot text a parent sends a child node, the same on every transport: the
 * identities of an edge device's subtree as {@code {"identities":[{"deviceId":..,"moduleId":..,
 * "kind":"edge"|"leaf"|"module","enabled":..,"auth":"sas"|"x509-thumbprint"|"x509-ca","primary":..,"secondary":..,"parentId":..}, ...]}}.
 */
final class IdentitySnapshot {

    private IdentitySnapshot() {
    }

    static String toJson(List<Identity> identities) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode list = root.putArray("identities");
        for (Identity identity : identities) {
            ObjectNode entry = list.addObject();
            entry.put("deviceId", identity.id().deviceId());
            entry.put("moduleId", identity.id().moduleId());
            entry.put("kind", switch (identity.kind()) {
                case EDGE_DEVICE -> "edge";
                case LEAF_DEVICE -> "leaf";
                case MODULE -> "module";
            });
            entry.put("enabled", identity.enabled());
            Credentials credentials = identity.credentials();
            entry.put("auth", credentials.type() == AuthType.SYMMETRIC_KEY ? "sas" : credentials.type().label());
            entry.put("primary", credentials.primary());
            entry.put("secondary", credentials.secondary());
            entry.put("parentId", identity.parentId());
        }
        return root.toString();
    }

    /**
     * The identities of a snapshot.
     *
     * @throws IllegalArgumentException naming the first entry that is not valid
     */
    static List<Identity> fromJson(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("The identity snapshot is not JSON: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("identities");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("The identity snapshot has no 'identities' array");
        }
        List<Identity> identities = new ArrayList<>();
        for (JsonNode entry : list) {
            try {
                IdentityId id = new IdentityId(text(entry, "deviceId"), text(entry, "moduleId"));
                IdentityKind kind = switch (String.valueOf(text(entry, "kind"))) {
                    case "edge" -> IdentityKind.EDGE_DEVICE;
                    case "leaf" -> IdentityKind.LEAF_DEVICE;
                    case "module" -> IdentityKind.MODULE;
                    default -> throw new IllegalArgumentException("unknown kind '" + text(entry, "kind") + "'");
                };
                String auth = String.valueOf(text(entry, "auth"));
                AuthType type = auth.equals("sas") ? AuthType.SYMMETRIC_KEY : AuthType.ofLabel(auth);
                Credentials credentials = new Credentials(type, text(entry, "primary"), text(entry, "secondary"));
                identities.add(new Identity(id, kind, !entry.has("enabled") || entry.get("enabled").asBoolean(),
                        credentials, text(entry, "parentId")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Identity snapshot entry " + entry.path("deviceId").asText()
                        + (entry.hasNonNull("moduleId") ? "/" + entry.get("moduleId").asText() : "") + " is not valid: "
                        + e.getMessage());
            }
        }
        return identities;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
