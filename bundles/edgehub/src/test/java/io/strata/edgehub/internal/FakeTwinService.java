package io.strata.edgehub.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;

/** Twins in memory whose reported section is the last patch, without merging; it keeps every reported patch. */
final class FakeTwinService implements TwinService {

    final List<String> reportedPatches = new CopyOnWriteArrayList<>();
    private final Map<IdentityId, Twin> twins = new ConcurrentHashMap<>();

    @Override
    public Twin get(IdentityId identity) {
        return twins.getOrDefault(identity, new Twin(identity, "{}", 0, "{}", 0));
    }

    @Override
    public long patchReported(IdentityId identity, String patch) {
        Twin twin = get(identity);
        Twin patched = new Twin(identity, twin.desired(), twin.desiredVersion(), patch, twin.reportedVersion() + 1);
        twins.put(identity, patched);
        reportedPatches.add(identity + " " + patch);
        return patched.reportedVersion();
    }

    @Override
    public String document(IdentityId identity, boolean indented) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long patchDesired(IdentityId identity, String patch) {
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
