package io.strata.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import io.strata.api.twin.TwinService;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Twins in memory with the merge patches and the listener calls of the real service. A synced desired
 * section is announced with the whole new section as its patch, which is all a test needs. It records
 * which twins had their desired section patched or replaced and every reported patch, in order.
 */
public final class MemoryTwinService implements TwinService {

    public final List<TwinListener> listeners = new CopyOnWriteArrayList<>();
    /** The identities whose desired section was patched, once per patch. */
    public final List<IdentityId> patchedDesired = new CopyOnWriteArrayList<>();
    /** Every reported patch as {@code "<identity> <patch>"}. */
    public final List<String> reportedPatches = new CopyOnWriteArrayList<>();
    private final Map<IdentityId, Twin> twins = new ConcurrentHashMap<>();

    /** RFC 7396, as the twin service applies it: merges {@code patch} into {@code target} and returns it. */
    private static JsonNode merge(ObjectNode target, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                target.remove(field.getKey());
            } else if (field.getValue().isObject() && target.path(field.getKey()).isObject()) {
                merge((ObjectNode) target.get(field.getKey()), field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
        return target;
    }

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
        Twin twin;
        synchronized (this) {
            Twin old = get(identity);
            twin = new Twin(identity, merge(old.desired(), patch), old.desiredVersion() + 1, old.reported(),
                    old.reportedVersion());
            twins.put(identity, twin);
            patchedDesired.add(identity);
        }
        tellDesired(twin, patch);
        return twin.desiredVersion();
    }

    @Override
    public long patchReported(IdentityId identity, String patch) {
        Twin twin;
        synchronized (this) {
            Twin old = get(identity);
            twin = new Twin(identity, old.desired(), old.desiredVersion(), merge(old.reported(), patch),
                    old.reportedVersion() + 1);
            twins.put(identity, twin);
            reportedPatches.add(identity + " " + patch);
        }
        listeners.forEach(listener -> listener.reportedChanged(identity, twin.reportedVersion()));
        return twin.reportedVersion();
    }

    /** Replaces the section whole when it differs (announced with the new section as its patch). */
    @Override
    public long replaceDesired(IdentityId identity, String section) {
        Twin twin;
        synchronized (this) {
            Twin old = get(identity);
            if (read(section).equals(read(old.desired()))) {
                return old.desiredVersion();
            }
            twin = new Twin(identity, section, old.desiredVersion() + 1, old.reported(), old.reportedVersion());
            twins.put(identity, twin);
            patchedDesired.add(identity);
        }
        tellDesired(twin, section);
        return twin.desiredVersion();
    }

    /** Replaces the section whole when it differs (recorded with the new section as its patch). */
    @Override
    public long replaceReported(IdentityId identity, String section) {
        Twin twin;
        synchronized (this) {
            Twin old = get(identity);
            if (read(section).equals(read(old.reported()))) {
                return old.reportedVersion();
            }
            twin = new Twin(identity, old.desired(), old.desiredVersion(), section, old.reportedVersion() + 1);
            twins.put(identity, twin);
            reportedPatches.add(identity + " " + section);
        }
        listeners.forEach(listener -> listener.reportedChanged(identity, twin.reportedVersion()));
        return twin.reportedVersion();
    }

    @Override
    public List<IdentityId> twins() {
        return twins.values().stream().filter(twin -> twin.desiredVersion() > 0 || twin.reportedVersion() > 0)
                .map(Twin::identity).sorted(Comparator.comparing(IdentityId::toString)).toList();
    }

    @Override
    public boolean syncDesired(IdentityId identity, String section, long version) {
        Twin twin;
        synchronized (this) {
            Twin old = get(identity);
            if (old.desiredVersion() == version) {
                return false;
            }
            twin = new Twin(identity, section, version, old.reported(), old.reportedVersion());
            twins.put(identity, twin);
        }
        tellDesired(twin, section);
        return true;
    }

    @Override
    public boolean syncReported(IdentityId identity, String section, long version) {
        synchronized (this) {
            Twin old = get(identity);
            if (old.reportedVersion() == version) {
                return false;
            }
            twins.put(identity, new Twin(identity, old.desired(), old.desiredVersion(), section, version));
        }
        listeners.forEach(listener -> listener.reportedChanged(identity, version));
        return true;
    }

    private void tellDesired(Twin twin, String patch) {
        DesiredChange change = new DesiredChange(twin.identity(), patch, twin.desiredVersion(),
                withVersion(patch, twin.desiredVersion()));
        listeners.forEach(listener -> listener.desiredChanged(change));
    }

    private static String withVersion(String section, long version) {
        ObjectNode node = (ObjectNode) read(section);
        node.put("$version", version);
        return node.toString();
    }

    private static String merge(String section, String patch) {
        return merge((ObjectNode) read(section), read(patch)).toString();
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
