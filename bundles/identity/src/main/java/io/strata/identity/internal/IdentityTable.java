package io.strata.identity.internal;

import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An immutable set of identities that keeps the registry's rules: a device's parent exists and is
 * an edge device, parent links make no cycle, and every module belongs to an edge device. Changes
 * return a new table or throw {@link IllegalArgumentException}, so a failed change leaves nothing
 * half done.
 */
final class IdentityTable {

    private static final Comparator<IdentityId> ORDER = Comparator.comparing(IdentityId::deviceId)
            .thenComparing(IdentityId::moduleId, Comparator.nullsFirst(Comparator.naturalOrder()));

    static final IdentityTable EMPTY = new IdentityTable(new TreeMap<>(ORDER));

    private final SortedMap<IdentityId, Identity> identities;

    private IdentityTable(SortedMap<IdentityId, Identity> identities) {
        this.identities = Collections.unmodifiableSortedMap(identities);
    }

    /** A table of these identities, after checking the rules. */
    static IdentityTable of(Collection<Identity> identities) {
        return EMPTY.withAll(identities);
    }

    Optional<Identity> find(IdentityId id) {
        return Optional.ofNullable(identities.get(id));
    }

    List<Identity> devices() {
        return identities.values().stream().filter(identity -> !identity.id().isModule()).toList();
    }

    List<Identity> modules(String deviceId) {
        return identities.values().stream()
                .filter(identity -> identity.id().isModule() && identity.id().deviceId().equals(deviceId))
                .toList();
    }

    List<Identity> children(String deviceId) {
        return identities.values().stream().filter(identity -> deviceId.equals(identity.parentId())).toList();
    }

    /**
     * The devices below this one at any depth, ordered by id. The table never holds a cycle, but
     * the walk tracks what it saw so that it ends whatever the links are.
     */
    List<Identity> subtree(String deviceId) {
        SortedMap<IdentityId, Identity> below = new TreeMap<>(ORDER);
        Deque<String> pending = new ArrayDeque<>(List.of(deviceId));
        while (!pending.isEmpty()) {
            for (Identity child : children(pending.remove())) {
                if (!child.id().deviceId().equals(deviceId) && below.putIfAbsent(child.id(), child) == null) {
                    pending.add(child.id().deviceId());
                }
            }
        }
        return List.copyOf(below.values());
    }

    /** This table with the identity added, or replacing the one with the same id. */
    IdentityTable with(Identity identity) {
        return withAll(List.of(identity));
    }

    /** This table with all the identities added or replaced, checked once they are all in. */
    IdentityTable withAll(Collection<Identity> changes) {
        SortedMap<IdentityId, Identity> next = new TreeMap<>(identities);
        changes.forEach(identity -> next.put(identity.id(), identity));
        return checked(next, changes.stream().map(Identity::id).toList());
    }

    /** This table without the identity; a device takes its modules along and leaves its children parentless. */
    IdentityTable without(IdentityId id) {
        SortedMap<IdentityId, Identity> next = new TreeMap<>(identities);
        next.remove(id);
        if (!id.isModule()) {
            next.values().removeIf(identity -> identity.id().isModule() && identity.id().deviceId().equals(id.deviceId()));
            next.replaceAll((key, identity) -> id.deviceId().equals(identity.parentId()) ? identity.withParent(null) : identity);
        }
        return checked(next, List.of());
    }

    /** The ids whose identity differs between this table and the other one. */
    Set<IdentityId> changedIds(IdentityTable other) {
        Set<IdentityId> ids = new HashSet<>(identities.keySet());
        ids.addAll(other.identities.keySet());
        ids.removeIf(id -> Objects.equals(identities.get(id), other.identities.get(id)));
        return ids;
    }

    /** Checks every identity, the changed ones first so that errors speak of what was changed. */
    private static IdentityTable checked(SortedMap<IdentityId, Identity> identities, List<IdentityId> changed) {
        for (Identity identity : (Iterable<Identity>) Stream.concat(changed.stream().map(identities::get),
                identities.values().stream())::iterator) {
            if (identity.id().isModule()) {
                requireEdgeOwner(identities, identity.id());
            } else if (identity.parentId() != null) {
                requireEdgeParent(identities, identity);
                requireNoCycle(identities, identity);
            }
        }
        return new IdentityTable(identities);
    }

    private static void requireEdgeOwner(SortedMap<IdentityId, Identity> identities, IdentityId module) {
        Identity device = identities.get(IdentityId.device(module.deviceId()));
        if (device == null) {
            throw new IllegalArgumentException("Module '" + module + "' needs device '" + module.deviceId()
                    + "', which does not exist");
        }
        if (!device.isEdgeDevice()) {
            throw new IllegalArgumentException("Module '" + module + "' cannot belong to '" + module.deviceId()
                    + "': only edge devices have modules");
        }
    }

    private static void requireEdgeParent(SortedMap<IdentityId, Identity> identities, Identity device) {
        Identity parent = identities.get(IdentityId.device(device.parentId()));
        if (parent == null) {
            throw new IllegalArgumentException("Device '" + device.id() + "' cannot have parent '"
                    + device.parentId() + "', which does not exist");
        }
        if (!parent.isEdgeDevice()) {
            throw new IllegalArgumentException("Device '" + device.id() + "' cannot have parent '"
                    + device.parentId() + "': only edge devices can be parents");
        }
    }

    private static void requireNoCycle(SortedMap<IdentityId, Identity> identities, Identity device) {
        List<String> path = new ArrayList<>(List.of(device.id().deviceId()));
        Set<String> seen = new HashSet<>(path);
        for (String parent = device.parentId(); parent != null; ) {
            path.add(parent);
            if (parent.equals(device.id().deviceId())) {
                throw new IllegalArgumentException("Device '" + device.id() + "' cannot have parent '"
                        + device.parentId() + "': that makes a cycle " + String.join(" -> ", path));
            }
            if (!seen.add(parent)) {
                return; // a cycle further up, reported when its own members are checked
            }
            Identity next = identities.get(IdentityId.device(parent));
            parent = next == null ? null : next.parentId();
        }
    }
}
