package io.strata.edgehub.internal;

import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityListener;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import io.strata.api.metrics.OperationCounters;
import io.strata.api.module.ClientConnections;
import io.strata.api.module.ClientTransport;
import io.strata.api.module.CloudToDevice;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.MethodResult;
import io.strata.api.module.ModuleClient;
import io.strata.api.module.ModuleClientFactory;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.routing.DeliveryReceipt;
import io.strata.api.routing.Router;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import io.strata.api.twin.TwinService;
import io.strata.api.whiteboard.LazyService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modules of this node that run inside it: hands out their {@link ModuleClient}s, and is the
 * {@link ClientTransport} through which the edge hub reaches them (inputs, direct methods) and the
 * {@link TwinListener} that passes each its desired changes. It reports its clients to
 * {@link ClientConnections} as transport {@value #TRANSPORT}. A module whose identity is disabled or
 * removed is disconnected: its client is closed.
 *
 * <p>A module has at most one in-process client: connecting it again replaces the older client,
 * which is closed, as an MQTT session is taken over by the newer connection. A module bundle that
 * restarts without closing its client can so always connect again.
 *
 * <p>Modules receive no cloud-to-device messages: handed one, this transport ignores it.
 */
@Component(service = {ModuleClientFactory.class, ClientTransport.class, TwinListener.class, IdentityListener.class},
        configurationPid = NodeSettings.PID)
public class InProcessModules implements ModuleClientFactory, ClientTransport, TwinListener, IdentityListener {

    /** The transport name this one reports its clients with to {@link ClientConnections}. */
    static final String TRANSPORT = "in-process";
    /**
     * Messages in flight to an in-process module: a window of thousands keeps a module's input lane busy
     * with few, large batches, while what it holds stays a few megabytes of messages the store still has.
     */
    static final int MAX_IN_FLIGHT = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(InProcessModules.class);

    private final IdentityRegistry registry;
    private final TwinService twins;
    private final ClientConnections connections;
    private final Clock clock;
    private final ExecutorService pool = Executors.newCachedThreadPool(new HandlerThreads());
    private final ConcurrentMap<IdentityId, InProcessModuleClient> clients = new ConcurrentHashMap<>();
    private volatile String nodeDeviceId;

    // Optional: modules connect without a router, and their outputs are refused until one runs.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Router router;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile OperationCounters counters;

    // Optional, dynamic and got on first use, because each of these reaches modules through this very
    // transport: got while SCR binds them, they would be created while this component is.
    volatile Supplier<DirectMethods> directMethods = () -> null;
    volatile Supplier<CloudToDevice> cloudToDevice = () -> null;

    @Activate
    public InProcessModules(@Reference IdentityRegistry registry, @Reference TwinService twins,
            @Reference ClientConnections connections, NodeConfiguration node) {
        this(registry, twins, connections, NodeNames.of(node).deviceId(), Clock.systemUTC());
    }

    InProcessModules(IdentityRegistry registry, TwinService twins, ClientConnections connections, String nodeDeviceId,
            Clock clock) {
        this.registry = registry;
        this.twins = twins;
        this.connections = connections;
        this.nodeDeviceId = nodeDeviceId;
        this.clock = clock;
    }

    /** New clients are modules of the new device id; those connected already keep theirs. */
    @Modified
    void modified(NodeConfiguration node) {
        nodeDeviceId = NodeNames.of(node).deviceId();
    }

    /** Closes every client, whose handlers then hear nothing more. */
    @Deactivate
    void deactivate() {
        List.copyOf(clients.values()).forEach(InProcessModuleClient::close);
        pool.shutdown();
    }

    /**
     * @throws IllegalArgumentException when the module id is invalid, or names no enabled module
     *                                  identity of this node
     */
    @Override
    public ModuleClient connect(String moduleId) {
        String deviceId = nodeDeviceId;
        IdentityId module = IdentityId.module(deviceId, moduleId);
        Identity identity = registry.find(module).orElseThrow(() -> new IllegalArgumentException("'" + module
                + "' is not a module identity of this node: register it with edge:module-identity-add "
                + deviceId + " " + moduleId));
        if (!identity.enabled()) {
            throw new IllegalArgumentException("'" + module + "' is disabled: enable it before connecting");
        }
        InProcessModuleClient client = new InProcessModuleClient(module, this, pool);
        InProcessModuleClient replaced = clients.put(module, client);
        if (replaced != null) {
            replaced.close();
            LOG.info("{} connected in-process again; its older client is closed", module);
        } else {
            LOG.info("{} connected in-process", module);
        }
        connections.connected(module, TRANSPORT);
        return client;
    }

    @Override
    public boolean isConnected(IdentityId client) {
        return clients.containsKey(client);
    }

    @Override
    public boolean listensForInputs(IdentityId module) {
        return client(module).map(InProcessModuleClient::listensForInputs).orElse(false);
    }

    @Override
    public CompletionStage<Void> deliverToInput(IdentityId module, String input, Message message) {
        return client(module).map(client -> client.deliver(input, message))
                .orElseGet(() -> CompletableFuture.failedFuture(
                        new IllegalStateException(module + " is not connected in-process")));
    }

    /** Runs the input's handler on the batch in one hop to the module's input lane. */
    @Override
    public void deliverToInput(IdentityId module, String input, List<Message> batch, DeliveryReceipt receipt) {
        Optional<InProcessModuleClient> client = client(module);
        if (client.isPresent()) {
            client.get().deliver(input, batch, receipt);
            return;
        }
        IllegalStateException failure = new IllegalStateException(module + " is not connected in-process");
        for (int index = 0; index < batch.size(); index++) {
            receipt.failed(index, failure);
        }
    }

    @Override
    public int maxInFlight(IdentityId module) {
        return MAX_IN_FLIGHT;
    }

    @Override
    public MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout) {
        return client(target).map(client -> client.answer(methodName, payload, timeout))
                .orElseGet(() -> new MethodResult(MethodResult.NOT_FOUND,
                        Json.message(target + " is not connected in-process")));
    }

    /** Ignored: in-process clients are modules, and modules get no cloud-to-device messages. */
    @Override
    public void sendToDevice(IdentityId device, Message message) {
    }

    @Override
    public void desiredChanged(DesiredChange change) {
        client(change.identity()).ifPresent(client -> client.desiredChanged(change));
    }

    @Override
    public void identityChanged(IdentityId id, Optional<Identity> current) {
        if (current.map(Identity::enabled).orElse(false)) {
            return;
        }
        client(id).ifPresent(client -> {
            LOG.info("{} was {}: its in-process client is closed", id, current.isPresent() ? "disabled" : "removed");
            client.close();
        });
    }

    void closed(InProcessModuleClient client) {
        if (clients.remove(client.identity(), client)) {
            LOG.info("{} disconnected in-process", client.identity());
            connections.disconnected(client.identity(), TRANSPORT);
        }
    }

    /** A module listens on an input now: what the router holds for it goes out without waiting for its next look. */
    void startedListening() {
        Router current = router;
        if (current != null) {
            current.receiversChanged(BrokeredEndpointFactory.SINK_NAME);
        }
    }

    Optional<Router> router() {
        return Optional.ofNullable(router);
    }

    TwinService twins() {
        return twins;
    }

    /** A module's read of its own twin, counted as the edge hub counts a client's GetTwin. */
    Twin readTwin(IdentityId module) {
        OperationCounters counting = counters;
        if (counting != null) {
            counting.twinRead(module);
        }
        return twins.get(module);
    }

    Optional<DirectMethods> directMethods() {
        return Optional.ofNullable(directMethods.get());
    }

    Optional<CloudToDevice> cloudToDevice() {
        return Optional.ofNullable(cloudToDevice.get());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindDirectMethods(ComponentServiceObjects<DirectMethods> service) {
        directMethods = new LazyService<>(service);
    }

    void unbindDirectMethods(ComponentServiceObjects<DirectMethods> service) {
        if (directMethods instanceof LazyService<DirectMethods> bound && bound.isOf(service)) {
            directMethods = () -> null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCloudToDevice(ComponentServiceObjects<CloudToDevice> service) {
        cloudToDevice = new LazyService<>(service);
    }

    void unbindCloudToDevice(ComponentServiceObjects<CloudToDevice> service) {
        if (cloudToDevice instanceof LazyService<CloudToDevice> bound && bound.isOf(service)) {
            cloudToDevice = () -> null;
        }
    }

    Instant now() {
        return clock.instant();
    }

    private Optional<InProcessModuleClient> client(IdentityId id) {
        return Optional.ofNullable(clients.get(id));
    }

    /** Daemon threads with a name that says whose code runs on them. */
    private static final class HandlerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "strata-module-handler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
