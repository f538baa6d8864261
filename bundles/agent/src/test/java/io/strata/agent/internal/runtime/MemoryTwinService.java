package io.strata.agent.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Desired sections in memory, patched as RFC 7396 says; it keeps the order of the twins patched. */
final class MemoryTwinService implements TwinService {

    final List<IdentityId> patched = new ArrayList<>();
    private final Map<IdentityId, Twin> twins = new ConcurrentHashMap<>();

    /** RFC 7396, as the twin service applies it. */
    static JsonNode merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(member -> {
            if (member.getValue().isNull()) {
                target.remove(member.getKey());
            } else if (member.getValue().isObject() && target.get(member.getKey()) instanceof ObjectNode nested) {
                merge(nested, member.getValue());
            } else {
                target.set(member.getKey(), member.getValue());
            }
        });
        return target;
    }

    @Override
    public Twin get(IdentityId identity) {
        return twins.getOrDefault(identity, new Twin(identity, "{}", 0, "{}", 0));
    }

    @Override
    public long patchDesired(IdentityId identity, String patch) {
        Twin twin = get(identity);
        JsonNode desired = merge(TwinSections.read(twin.desired()), TwinSections.read(patch));
        twins.put(identity, new Twin(identity, desired.toString(), twin.desiredVersion() + 1, twin.reported(),
                twin.reportedVersion()));
        patched.add(identity);
        return twin.desiredVersion() + 1;
    }

    @Override
    public String document(IdentityId identity, boolean indented) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long patchReported(IdentityId identity, String patch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<IdentityId> twins() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean syncDesired(IdentityId identity, String section, long version) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean syncReported(IdentityId identity, String section, long version) {
        throw new UnsupportedOperationException();
    }
}
