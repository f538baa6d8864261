package io.strata.amqp.internal.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinService;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Twins in memory; patches merge top-level members only, which is all the tests need. */
final class InMemoryTwins implements TwinService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<IdentityId, Twin> twins = new ConcurrentHashMap<>();

    @Override
    public Twin get(IdentityId identity) {
        return twins.getOrDefault(identity, new Twin(identity, "{}", 0, "{}", 0));
    }

    @Override
    public String document(IdentityId identity, boolean indented) {
        Twin twin = get(identity);
        return "{\"desired\":" + withVersion(twin.desired(), twin.desiredVersion()) + ",\"reported\":"
                + withVersion(twin.reported(), twin.reportedVersion()) + "}";
    }

    @Override
    public long patchDesired(IdentityId identity, String patch) {
        Twin twin = get(identity);
        Twin patched = new Twin(identity, merge(twin.desired(), patch), twin.desiredVersion() + 1, twin.reported(),
                twin.reportedVersion());
        twins.put(identity, patched);
        return patched.desiredVersion();
    }

    @Override
    public long patchReported(IdentityId identity, String patch) {
        Twin twin = get(identity);
        Twin patched = new Twin(identity, twin.desired(), twin.desiredVersion(), merge(twin.reported(), patch),
                twin.reportedVersion() + 1);
        twins.put(identity, patched);
        return patched.reportedVersion();
    }

    @Override
    public List<IdentityId> twins() {
        return twins.values().stream().filter(twin -> twin.desiredVersion() > 0 || twin.reportedVersion() > 0)
                .map(Twin::identity).toList();
    }

    @Override
    public boolean syncDesired(IdentityId identity, String section, long version) {
        Twin twin = get(identity);
        twins.put(identity, new Twin(identity, section, version, twin.reported(), twin.reportedVersion()));
        return twin.desiredVersion() != version;
    }

    @Override
    public boolean syncReported(IdentityId identity, String section, long version) {
        Twin twin = get(identity);
        twins.put(identity, new Twin(identity, twin.desired(), twin.desiredVersion(), section, version));
        return twin.reportedVersion() != version;
    }

    private static String merge(String section, String patch) {
        try {
            ObjectNode merged = (ObjectNode) JSON.readTree(section);
            if (!(JSON.readTree(patch) instanceof ObjectNode members)) {
                throw new IllegalArgumentException("The patch is not a JSON object");
            }
            merged.setAll(members);
            return merged.toString();
        } catch (IOException e) {
            throw new IllegalArgumentException("The patch is not JSON: " + e.getMessage());
        }
    }

    private static String withVersion(String section, long version) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(section);
            node.put("$version", version);
            return node.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
