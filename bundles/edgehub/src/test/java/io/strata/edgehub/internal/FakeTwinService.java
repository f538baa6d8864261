package io.strata.edgehub.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinService;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Twins in memory whose sections are the last patch, without merging; it keeps every reported patch.
 * Synced sections replace a section with its version, when that differs.
 */
public final class FakeTwinService implements TwinService {

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
        Twin twin = get(identity);
        twins.put(identity, new Twin(identity, patch, twin.desiredVersion() + 1, twin.reported(), twin.reportedVersion()));
        return twin.desiredVersion() + 1;
    }

    @Override
    public long replaceDesired(IdentityId identity, String section) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long replaceReported(IdentityId identity, String section) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<IdentityId> twins() {
        return twins.values().stream().filter(twin -> twin.desiredVersion() > 0 || twin.reportedVersion() > 0)
                .map(Twin::identity).sorted(Comparator.comparing(IdentityId::toString)).toList();
    }

    @Override
    public boolean syncDesired(IdentityId identity, String section, long version) {
        Twin twin = get(identity);
        if (twin.desiredVersion() == version) {
            return false;
        }
        twins.put(identity, new Twin(identity, section, version, twin.reported(), twin.reportedVersion()));
        return true;
    }

    @Override
    public boolean syncReported(IdentityId identity, String section, long version) {
        Twin twin = get(identity);
        if (twin.reportedVersion() == version) {
            return false;
        }
        twins.put(identity, new Twin(identity, twin.desired(), twin.desiredVersion(), section, version));
        return true;
    }
}
