package io.strata.api.identity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The devices and modules this node knows, their credentials and their parent/child links. Every
 * change is persisted before the method returns and then reported to each {@link IdentityListener}.
 *
 * <p>The rules it keeps: a device has at most one parent, which is an edge device; the links form
 * no cycle; only edge devices have modules. Methods that would break a rule, or name an identity
 * that does not exist, throw {@link IllegalArgumentException} with a message fit for an operator.
 */
@ProviderType
public interface IdentityRegistry {

    /** The identity with this id, if registered. */
    Optional<Identity> find(IdentityId id);

    /** Every device, ordered by id. */
    List<Identity> devices();

    /** The modules of a device, ordered by id; empty for an unknown device. */
    List<Identity> modules(String deviceId);

    /** The devices whose parent is this device, ordered by id. */
    List<Identity> children(String deviceId);

    /**
     * Registers a new device or module.
     *
     * @return the registered identity
     * @throws IllegalArgumentException if the id is taken or the identity breaks a rule above
     */
    Identity add(Identity identity);

    /**
     * Adds the identity, or replaces the registered one with the same id, keeping the rules above: a
     * child node applies the identities its parent sends it this way.
     *
     * @return the stored identity
     */
    Identity put(Identity identity);

    /** The devices below {@code deviceId} at any depth (children, grandchildren, ...), ordered by id; not the device itself. */
    List<Identity> subtree(String deviceId);

    /** Removes an identity; removing a device removes its modules too, and its children lose their parent. */
    void remove(IdentityId id);

    /** Enables or disables an identity. */
    Identity setEnabled(IdentityId id, boolean enabled);

    /**
     * Makes {@code parentId} the parent of a device, replacing any parent it had; null removes the
     * parent.
     */
    Identity setParent(String deviceId, String parentId);

    /** Replaces one symmetric key of an identity with a fresh one. */
    Identity regenerateKey(IdentityId id, KeySlot slot);

    /** This node's hostname, the host in SAS token resources and connection strings. */
    String hostname();

    /**
     * The connection string of a symmetric-key identity:
     * {@code HostName=..;DeviceId=..[;ModuleId=..];SharedAccessKey=..[;GatewayHostName=..]}.
     *
     * @param viaGateway add {@code GatewayHostName} (this node), as leaf devices behind a gateway need
     */
    String connectionString(IdentityId id, KeySlot slot, boolean viaGateway);

    /** A SAS token for a symmetric-key identity, signed with the key in {@code slot}, valid for {@code ttl}. */
    String createSasToken(IdentityId id, KeySlot slot, Duration ttl);
}
