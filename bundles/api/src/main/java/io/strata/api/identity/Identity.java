package io.strata.api.identity;

import java.util.Objects;

/**
 * A device or module the node knows, as the registry holds it.
 *
 * @param id       the device id, or device and module id
 * @param kind     edge device, leaf device or module; {@link IdentityKind#MODULE} exactly when the id names a module
 * @param enabled  false keeps the identity registered but refuses it everywhere
 * @param credentials how it authenticates
 * @param parentId the device id of its parent edge device, or null; always null for modules, which
 *                 belong to the device named in their id
 */
public record Identity(IdentityId id, IdentityKind kind, boolean enabled, Credentials credentials, String parentId) {

    public Identity {
        Objects.requireNonNull(id, "identity id");
        Objects.requireNonNull(kind, "identity kind");
        Objects.requireNonNull(credentials, "credentials");
        if (id.isModule() != (kind == IdentityKind.MODULE)) {
            throw new IllegalArgumentException("'" + id + "' cannot be of kind " + kind);
        }
        if (parentId != null) {
            if (id.isModule()) {
                throw new IllegalArgumentException("Module '" + id + "' cannot have a parent");
            }
            IdentityId.device(parentId); // throws for an invalid id
        }
    }

    /** An enabled device without a parent. */
    public static Identity device(String deviceId, boolean edge, Credentials credentials) {
        return new Identity(IdentityId.device(deviceId), edge ? IdentityKind.EDGE_DEVICE : IdentityKind.LEAF_DEVICE,
                true, credentials, null);
    }

    /** An enabled module of an edge device. */
    public static Identity module(String deviceId, String moduleId, Credentials credentials) {
        return new Identity(IdentityId.module(deviceId, moduleId), IdentityKind.MODULE, true, credentials, null);
    }

    public boolean isEdgeDevice() {
        return kind == IdentityKind.EDGE_DEVICE;
    }

    public Identity withEnabled(boolean enabled) {
        return new Identity(id, kind, enabled, credentials, parentId);
    }

    public Identity withCredentials(Credentials credentials) {
        return new Identity(id, kind, enabled, credentials, parentId);
    }

    /** This device with another parent; null for none. */
    public Identity withParent(String parentId) {
        return new Identity(id, kind, enabled, credentials, parentId);
    }
}
