package io.strata.agent.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.json.Json;
import io.strata.api.node.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the agent must remember across restarts, in {@code data/strata/agent/state.json}: the
 * desired properties its running modules come from, the code it installed itself, and the manifest
 * file it last deployed.
 *
 * @param appliedVersion     the {@code $version} of {@code applied}; 0 when nothing was applied
 * @param applied            the {@code $edgeAgent} desired properties the modules come from; empty object when none
 * @param installedByAgent   keys of {@link CodeOwnership}
 * @param manifestFileDigest digest of the manifest file last deployed from {@code etc/}; empty when none
 */
record AgentState(long appliedVersion, ObjectNode applied, Set<String> installedByAgent, String manifestFileDigest) {

    static AgentState empty() {
        return new AgentState(0, Json.mapper().createObjectNode(), Set.of(), "");
    }

    static AgentState load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return empty();
        }
        JsonNode root = Json.mapper().readTree(file.toFile());
        Set<String> installed = new TreeSet<>();
        root.path("installedByAgent").forEach(key -> installed.add(key.asText()));
        JsonNode applied = root.path("applied");
        return new AgentState(root.path("appliedVersion").asLong(),
                applied.isObject() ? (ObjectNode) applied : Json.mapper().createObjectNode(), installed,
                root.path("manifestFileDigest").asText(""));
    }

    void save(Path file) throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("appliedVersion", appliedVersion);
        root.set("applied", applied);
        installedByAgent.stream().sorted().forEach(root.putArray("installedByAgent")::add);
        root.put("manifestFileDigest", manifestFileDigest);
        PrivateFiles.writeAtomically(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    AgentState withApplied(long version, ObjectNode desired, Set<String> installed) {
        return new AgentState(version, desired, installed, manifestFileDigest);
    }

    AgentState withManifestFileDigest(String digest) {
        return new AgentState(appliedVersion, applied, installedByAgent, digest);
    }
}
