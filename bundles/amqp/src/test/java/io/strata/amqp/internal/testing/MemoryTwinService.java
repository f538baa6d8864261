package io.strata.amqp.internal.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import io.strata.api.twin.TwinService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Twins in memory with merge patches and the listener calls of the real service. A synced desired
 * section is announced with the whole new section as its patch, which is all a test needs.
 */
public final class MemoryTwinService implements TwinService {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<TwinListener> listeners = new CopyOnWriteArrayList<>();
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
        Twin twin;
        synchronized (this) {
            Twin old = get(identity);
            twin = new Twin(identity, merge(old.desired(), patch), old.desiredVersion() + 1, old.reported(),
                    old.reportedVersion());
            twins.put(identity, twin);
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
        }
        listeners.forEach(listener -> listener.reportedChanged(identity, twin.reportedVersion()));
        return twin.reportedVersion();
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
                .map(Twin::identity).sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
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
        return mergeInto((ObjectNode) read(section), read(patch)).toString();
    }

    private static JsonNode mergeInto(ObjectNode target, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                target.remove(field.getKey());
            } else if (field.getValue().isObject() && target.path(field.getKey()).isObject()) {
                mergeInto((ObjectNode) target.get(field.getKey()), field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
        return target;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
