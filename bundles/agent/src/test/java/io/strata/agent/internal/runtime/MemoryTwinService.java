package io.strata.agent.internal.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Desired sections in memory, replaced whole; it keeps the order of the twins changed. */
final class MemoryTwinService implements TwinService {

    final List<IdentityId> patched = new ArrayList<>();
    private final Map<IdentityId, Twin> twins = new ConcurrentHashMap<>();

    @Override
    public Twin get(IdentityId identity) {
        return twins.getOrDefault(identity, new Twin(identity, "{}", 0, "{}", 0));
    }

    @Override
    public long replaceDesired(IdentityId identity, String section) {
        Twin twin = get(identity);
        ObjectNode desired = TwinSections.read(section);
        if (desired.equals(TwinSections.read(twin.desired()))) {
            return twin.desiredVersion();
        }
        twins.put(identity, new Twin(identity, desired.toString(), twin.desiredVersion() + 1, twin.reported(),
                twin.reportedVersion()));
        patched.add(identity);
        return twin.desiredVersion() + 1;
    }

    @Override
    public long patchDesired(IdentityId identity, String patch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long replaceReported(IdentityId identity, String section) {
        throw new UnsupportedOperationException();
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
