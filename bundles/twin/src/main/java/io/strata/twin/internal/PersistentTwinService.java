package io.strata.twin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.identity.IdentityId;
import io.strata.api.metrics.OperationCounters;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import io.strata.api.twin.TwinService;
import io.strata.api.whiteboard.Listeners;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The twins of this node, stored under {@code ${karaf.data}/strata/twin}. Patches and syncs of one
 * twin are applied one after the other; those of different twins do not wait for each other.
 */
@Component(service = TwinService.class)
public class PersistentTwinService implements TwinService {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentTwinService.class);

    private final TwinStore store;
    // Twins read so far; each entry is also the lock its patches take.
    private final ConcurrentMap<IdentityId, Entry> twins = new ConcurrentHashMap<>();

    final Listeners<TwinListener> listeners = new Listeners<>("Twin listener", LOG);

    /** Counts twin reads and reported updates for the node's metrics, while they are installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile OperationCounters counters;

    @Activate
    public PersistentTwinService() {
        this(new TwinStore(Path.of(System.getProperty("karaf.data", "data"), "strata", "twin")));
    }

    PersistentTwinService(TwinStore store) {
        this.store = store;
    }

    @Reference(service = TwinListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(ComponentServiceObjects<TwinListener> listener) {
        listeners.bind(listener);
    }

    void unbindListener(ComponentServiceObjects<TwinListener> listener) {
        listeners.unbind(listener);
    }

    @Override
    public Twin get(IdentityId identity) {
        return TwinJson.twin(identity, entry(identity).state);
    }

    @Override
    public String document(IdentityId identity, boolean indented) {
        OperationCounters counting = counters;
        if (counting != null) {
            counting.twinRead(identity);
        }
        return TwinJson.document(entry(identity).state, indented);
    }

    @Override
    public long patchDesired(IdentityId identity, String patch) {
        ObjectNode parsed = MergePatch.parse(patch);
        Entry entry = entry(identity);
        synchronized (entry) {
            return applyDesired(identity, entry, parsed);
        }
    }

    @Override
    public long patchReported(IdentityId identity, String patch) {
        ObjectNode parsed = MergePatch.parse(patch);
        Entry entry = entry(identity);
        long version;
        synchronized (entry) {
            version = applyReported(identity, entry, parsed);
        }
        OperationCounters counting = counters;
        if (counting != null) {
            counting.reportedPropertiesUpdated(identity);
        }
        return version;
    }

    @Override
    public long replaceDesired(IdentityId identity, String section) {
        ObjectNode wanted = MergePatch.parseSection(section);
        Entry entry = entry(identity);
        synchronized (entry) {
            TwinSection desired = entry.state.desired();
            ObjectNode patch = MergePatch.diff(desired.properties(), wanted);
            return patch.isEmpty() ? desired.version() : applyDesired(identity, entry, patch);
        }
    }

    @Override
    public long replaceReported(IdentityId identity, String section) {
        ObjectNode wanted = MergePatch.parseSection(section);
        Entry entry = entry(identity);
        synchronized (entry) {
            TwinSection reported = entry.state.reported();
            ObjectNode patch = MergePatch.diff(reported.properties(), wanted);
            return patch.isEmpty() ? reported.version() : applyReported(identity, entry, patch);
        }
    }

    // Listeners are told under the entry's lock, so that they hear of the versions in order.
    private long applyDesired(IdentityId identity, Entry entry, ObjectNode patch) {
        TwinSection desired = patched(entry.state.desired(), patch, TwinJson.DESIRED);
        commit(identity, entry, entry.state.withDesired(desired));
        tellListeners(new DesiredChange(identity, TwinJson.compact(patch), desired.version(),
                TwinJson.notification(patch, desired.version())));
        return desired.version();
    }

    private long applyReported(IdentityId identity, Entry entry, ObjectNode patch) {
        TwinSection reported = patched(entry.state.reported(), patch, TwinJson.REPORTED);
        commit(identity, entry, entry.state.withReported(reported));
        tellReported(identity, reported.version());
        return reported.version();
    }

    @Override
    public List<IdentityId> twins() {
        return store.identities().stream().filter(this::written)
                .sorted(Comparator.comparing(IdentityId::toString)).toList();
    }

    @Override
    public boolean syncDesired(IdentityId identity, String section, long version) {
        ObjectNode properties = parseSynced(section, version);
        Entry entry = entry(identity);
        synchronized (entry) {
            TwinSection before = entry.state.desired();
            if (before.version() == version) {
                return false;
            }
            TwinSection desired = synced(properties, version, TwinJson.DESIRED);
            commit(identity, entry, entry.state.withDesired(desired));
            // As a patch, so that listeners need not tell a sync from a local change.
            ObjectNode patch = MergePatch.diff(before.properties(), properties);
            tellListeners(new DesiredChange(identity, TwinJson.compact(patch), version,
                    TwinJson.notification(patch, version)));
            return true;
        }
    }

    @Override
    public boolean syncReported(IdentityId identity, String section, long version) {
        ObjectNode properties = parseSynced(section, version);
        Entry entry = entry(identity);
        synchronized (entry) {
            if (entry.state.reported().version() == version) {
                return false;
            }
            commit(identity, entry, entry.state.withReported(synced(properties, version, TwinJson.REPORTED)));
            tellReported(identity, version);
            return true;
        }
    }

    private static ObjectNode parseSynced(String section, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("A twin section cannot have the negative version " + version);
        }
        return MergePatch.parseSection(section);
    }

    /**
     * The section with the patch applied and the version one higher.
     *
     * @param name the section's name, for the message when the result would be too large
     * @throws IllegalArgumentException if the result would exceed {@link TwinService#MAX_SECTION_BYTES}
     */
    private static TwinSection patched(TwinSection section, ObjectNode patch, String name) {
        return checked(MergePatch.apply(section.properties(), patch), section.version() + 1,
                "The patch would make the " + name);
    }

    /**
     * A section replacing the current one, as a twin sync makes it.
     *
     * @throws IllegalArgumentException if the properties exceed {@link TwinService#MAX_SECTION_BYTES}
     */
    private static TwinSection synced(ObjectNode properties, long version, String name) {
        return checked(properties, version, "The synced section would make the " + name);
    }

    private static TwinSection checked(ObjectNode properties, long version, String what) {
        int size = TwinJson.size(properties);
        if (size > TwinService.MAX_SECTION_BYTES) {
            throw new IllegalArgumentException(what + " properties " + size + " bytes long, over the limit of "
                    + TwinService.MAX_SECTION_BYTES + " bytes (32 KB)");
        }
        return new TwinSection(properties, version);
    }

    /** Whether the twin has a section written; a damaged one is left out, so the others still sync. */
    private boolean written(IdentityId identity) {
        try {
            TwinState state = entry(identity).state;
            return state.desired().version() > 0 || state.reported().version() > 0;
        } catch (IllegalStateException | UncheckedIOException e) {
            LOG.warn("Leaving out the twin of {}: {}", identity, e.getMessage());
            return false;
        }
    }

    private Entry entry(IdentityId identity) {
        return twins.computeIfAbsent(identity, id -> new Entry(load(id)));
    }

    /** The stored twin; an empty one before its first save. */
    private TwinState load(IdentityId identity) {
        Optional<String> document = store.load(identity);
        if (document.isEmpty()) {
            return TwinState.EMPTY;
        }
        try {
            return TwinJson.read(document.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The stored twin " + store.fileOf(identity) + " is damaged: "
                    + e.getMessage(), e);
        }
    }

    /** Stores the twin, then makes it current: when the store fails, the twin stays as it was. */
    private void commit(IdentityId identity, Entry entry, TwinState next) {
        store.save(identity, TwinJson.document(next, true));
        entry.state = next;
        LOG.debug("Twin of {} now at desired version {}, reported version {}", identity,
                next.desired().version(), next.reported().version());
    }

    private void tellReported(IdentityId identity, long version) {
        listeners.tell(listener -> listener.reportedChanged(identity, version),
                "reported version " + version + " of " + identity);
    }

    private void tellListeners(DesiredChange change) {
        listeners.tell(listener -> listener.desiredChanged(change),
                "desired version " + change.version() + " of " + change.identity());
    }

    /** The current state of one twin. */
    private static final class Entry {

        volatile TwinState state;

        Entry(TwinState state) {
            this.state = state;
        }
    }
}
