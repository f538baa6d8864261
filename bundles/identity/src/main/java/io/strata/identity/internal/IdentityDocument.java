package io.strata.identity.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.strata.api.identity.AuthType;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The file form of identities, shared by the registry's own store and the seed files operators
 * write: devices, each with its modules nested inside.
 *
 * <pre>
 * devices:
 *   - id: line-1
 *     edge: true
 *     auth: { type: symmetric-key }     # keys generated when left out
 *     modules:
 *       - id: opcua
 *   - id: sensor-7
 *     parent: line-1
 *     enabled: false
 *     auth: { type: x509-thumbprint, primary: 2f5c... }
 * </pre>
 *
 * Keys left out stay out when the document is written ({@code NON_NULL}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IdentityDocument(List<DeviceEntry> devices) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceEntry(String id, Boolean edge, Boolean enabled, String parent, AuthEntry auth,
            List<ModuleEntry> modules) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModuleEntry(String id, Boolean enabled, AuthEntry auth) {
    }

    /** {@code type} is an {@link AuthType#label()}; it defaults to symmetric keys. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuthEntry(String type, String primary, String secondary) {
    }

    /** The document holding every identity of the table. */
    static IdentityDocument from(IdentityTable table) {
        List<DeviceEntry> devices = table.devices().stream()
                .map(device -> new DeviceEntry(device.id().deviceId(), device.isEdgeDevice(), device.enabled(),
                        device.parentId(), authEntry(device.credentials()),
                        table.modules(device.id().deviceId()).stream()
                                .map(module -> new ModuleEntry(module.id().moduleId(), module.enabled(),
                                        authEntry(module.credentials())))
                                .toList()))
                .toList();
        return new IdentityDocument(devices);
    }

    /**
     * The identities this document lists. Symmetric keys it leaves out are taken from
     * {@code existing} when that identity already has keys, and generated otherwise, so seeding
     * the same file again never changes keys.
     *
     * @throws IllegalArgumentException for an invalid entry or an id listed twice
     */
    List<Identity> toIdentities(Function<IdentityId, Optional<Identity>> existing) {
        List<Identity> identities = new ArrayList<>();
        Set<IdentityId> seen = new HashSet<>();
        for (DeviceEntry device : devices == null ? List.<DeviceEntry>of() : devices) {
            IdentityId deviceId = IdentityId.device(device.id());
            add(identities, seen, new Identity(deviceId,
                    Boolean.TRUE.equals(device.edge()) ? IdentityKind.EDGE_DEVICE : IdentityKind.LEAF_DEVICE,
                    !Boolean.FALSE.equals(device.enabled()), credentials(device.auth(), existing.apply(deviceId)),
                    device.parent()));
            for (ModuleEntry module : device.modules() == null ? List.<ModuleEntry>of() : device.modules()) {
                IdentityId moduleId = IdentityId.module(device.id(), module.id());
                add(identities, seen, new Identity(moduleId, IdentityKind.MODULE,
                        !Boolean.FALSE.equals(module.enabled()), credentials(module.auth(), existing.apply(moduleId)),
                        null));
            }
        }
        return identities;
    }

    private static void add(Collection<Identity> identities, Set<IdentityId> seen, Identity identity) {
        if (!seen.add(identity.id())) {
            throw new IllegalArgumentException("'" + identity.id() + "' is listed twice");
        }
        identities.add(identity);
    }

    private static Credentials credentials(AuthEntry auth, Optional<Identity> existing) {
        AuthType type = auth == null || auth.type() == null ? AuthType.SYMMETRIC_KEY : AuthType.ofLabel(auth.type());
        String primary = auth == null ? null : auth.primary();
        String secondary = auth == null ? null : auth.secondary();
        return switch (type) {
            case SYMMETRIC_KEY -> primary == null && secondary == null
                    ? existing.map(Identity::credentials).filter(credentials -> credentials.type() == type)
                            .orElseGet(Credentials::generateSymmetricKeys)
                    : Credentials.symmetricKeys(primary, secondary);
            case X509_THUMBPRINT -> Credentials.thumbprints(primary, secondary);
            case X509_CA -> new Credentials(type, primary, secondary);
        };
    }

    private static AuthEntry authEntry(Credentials credentials) {
        return new AuthEntry(credentials.type().label(), credentials.primary(), credentials.secondary());
    }
}
