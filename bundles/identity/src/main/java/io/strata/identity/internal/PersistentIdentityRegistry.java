package io.strata.identity.internal;

import io.strata.api.identity.AuthType;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityListener;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.identity.KeySlot;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.identity.SasToken;
import io.strata.api.node.NodeSettings;
import io.strata.api.whiteboard.Listeners;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity registry of this node, stored under {@code ${karaf.data}/strata/identity} and
 * seeded from the file {@code seedFile} in {@code etc/} names.
 */
@Component(service = IdentityRegistry.class, configurationPid = {IdentityConfig.PID, NodeSettings.PID})
public class PersistentIdentityRegistry implements IdentityRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentIdentityRegistry.class);

    private final IdentityStore store;
    private final Clock clock;
    private volatile String hostname;
    private volatile IdentityTable table;

    final Listeners<IdentityListener> listeners = new Listeners<>("Identity listener", LOG);

    @Activate
    public PersistentIdentityRegistry(IdentityConfig config, NodeConfiguration node) {
        this(new IdentityStore(Path.of(System.getProperty("karaf.data", "data"), "strata", "identity")),
                NodeNames.of(node).hostname(), Clock.systemUTC());
        mergeSeedFile(config);
        registerOwnDevice(NodeNames.of(node).deviceId());
    }

    PersistentIdentityRegistry(IdentityStore store, String hostname, Clock clock) {
        this.store = store;
        this.hostname = hostname;
        this.clock = clock;
        this.table = store.load();
    }

    @Reference(service = IdentityListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(ComponentServiceObjects<IdentityListener> listener) {
        listeners.bind(listener);
    }

    void unbindListener(ComponentServiceObjects<IdentityListener> listener) {
        listeners.unbind(listener);
    }

    @Modified
    void modified(IdentityConfig config, NodeConfiguration node) {
        NodeNames names = NodeNames.of(node);
        hostname = names.hostname();
        mergeSeedFile(config);
        registerOwnDevice(names.deviceId());
    }

    /** The node's own edge device always exists, so its modules can be registered from the start. */
    synchronized void registerOwnDevice(String deviceId) {
        if (table.find(IdentityId.device(deviceId)).isEmpty()) {
            add(Identity.device(deviceId, true, Credentials.generateSymmetricKeys()));
        }
    }

    /**
     * Adds the identities of a YAML or JSON file, replacing those with the same ids; identities
     * the file does not list stay as they are.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it; nothing changes then
     */
    synchronized void merge(Path file) {
        try {
            commit(table.withAll(IdentityFiles.read(file).toIdentities(table::find)));
            LOG.info("Merged the identities of {}", file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot load identities from " + file + ": no such file", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot load identities from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Identity> find(IdentityId id) {
        return table.find(id);
    }

    @Override
    public List<Identity> devices() {
        return table.devices();
    }

    @Override
    public List<Identity> modules(String deviceId) {
        return table.modules(deviceId);
    }

    @Override
    public List<Identity> children(String deviceId) {
        return table.children(deviceId);
    }

    @Override
    public synchronized Identity add(Identity identity) {
        if (table.find(identity.id()).isPresent()) {
            throw new IllegalArgumentException("'" + identity.id() + "' already exists");
        }
        commit(table.with(identity));
        LOG.info("Added {} {} ({})", identity.kind(), identity.id(), identity.credentials());
        return identity;
    }

    @Override
    public synchronized Identity put(Identity identity) {
        Optional<Identity> registered = table.find(identity.id());
        if (registered.isEmpty()) {
            return add(identity);
        }
        // a parent sends the same identities again with every snapshot: those change nothing
        return registered.get().equals(identity) ? identity : replace(identity);
    }

    @Override
    public List<Identity> subtree(String deviceId) {
        return table.subtree(deviceId);
    }

    @Override
    public synchronized void remove(IdentityId id) {
        require(id);
        commit(table.without(id));
        LOG.info("Removed {}", id);
    }

    @Override
    public synchronized Identity setEnabled(IdentityId id, boolean enabled) {
        return replace(require(id).withEnabled(enabled));
    }

    @Override
    public synchronized Identity setParent(String deviceId, String parentId) {
        return replace(require(IdentityId.device(deviceId)).withParent(parentId));
    }

    @Override
    public synchronized Identity regenerateKey(IdentityId id, KeySlot slot) {
        Identity identity = requireSymmetricKeys(id);
        return replace(identity.withCredentials(identity.credentials().withNewKey(slot)));
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public String connectionString(IdentityId id, KeySlot slot, boolean viaGateway) {
        String key = requireSymmetricKeys(id).credentials().get(slot);
        return "HostName=" + hostname + ";DeviceId=" + id.deviceId()
                + (id.isModule() ? ";ModuleId=" + id.moduleId() : "")
                + ";SharedAccessKey=" + key
                + (viaGateway ? ";GatewayHostName=" + hostname : "");
    }

    @Override
    public String createSasToken(IdentityId id, KeySlot slot, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A token needs a positive lifetime, not " + ttl);
        }
        String key = requireSymmetricKeys(id).credentials().get(slot);
        return SasToken.create(SasToken.resource(hostname, id), key, clock.instant().plus(ttl));
    }

    private void mergeSeedFile(IdentityConfig config) {
        if (!config.seedFile().isBlank()) {
            try {
                merge(Path.of(System.getProperty("karaf.etc", "etc")).resolve(config.seedFile().trim()));
            } catch (IllegalArgumentException e) {
                LOG.error("{}; the registry keeps its identities", e.getMessage());
            }
        }
    }

    private Identity replace(Identity identity) {
        commit(table.with(identity));
        LOG.info("Changed {}: enabled {}, parent {}, {}", identity.id(), identity.enabled(), identity.parentId(),
                identity.credentials());
        return identity;
    }

    private Identity require(IdentityId id) {
        return table.find(id).orElseThrow(() -> new IllegalArgumentException("There is no identity '" + id + "'"));
    }

    private Identity requireSymmetricKeys(IdentityId id) {
        Identity identity = require(id);
        if (identity.credentials().type() != AuthType.SYMMETRIC_KEY) {
            throw new IllegalArgumentException("'" + id + "' authenticates with "
                    + identity.credentials().type().label() + ", not with symmetric keys");
        }
        return identity;
    }

    /** Stores the table, then makes it current and tells the listeners what changed. */
    private void commit(IdentityTable next) {
        store.save(next);
        IdentityTable previous = table;
        table = next;
        for (IdentityId id : previous.changedIds(next)) {
            Optional<Identity> current = next.find(id);
            listeners.tell(listener -> listener.identityChanged(id, current), "the change of " + id);
        }
    }
}
