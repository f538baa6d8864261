package io.strata.routing.internal.runtime;

import io.strata.api.check.HealthCheck;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.IdentityId;
import io.strata.api.hub.Event;
import io.strata.api.json.Json;
import io.strata.api.message.Message;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.retry.Backoff;
import io.strata.api.routing.EndpointStatus;
import io.strata.api.routing.InvalidEdgeHubSettingsException;
import io.strata.api.routing.MessageSource;
import io.strata.api.routing.ReceivedCount;
import io.strata.api.routing.RouteStatus;
import io.strata.api.routing.RetainedLog;
import io.strata.api.routing.RouteTestResult;
import io.strata.api.routing.Router;
import io.strata.api.routing.RoutingDiagnostics;
import io.strata.api.routing.SinkFactory;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import io.strata.api.twin.TwinService;
import io.strata.routing.internal.lang.MatchResult;
import io.strata.routing.internal.lang.RouteParser;
import io.strata.routing.internal.store.QueueStore;
import io.strata.routing.internal.store.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * The edge hub's router. Its routes are the {@code $edgeHub} module twin's desired properties (a
 * deployment manifest puts them there), read at start and whenever they change; the outcome is
 * reported in that twin's reported properties as {@code lastDesiredVersion} and
 * {@code lastDesiredStatus}, as IoT Edge's hub does. Sinks come from {@link SinkFactory} services.
 * A change of {@code etc/io.strata.routing.cfg} or of the node's device id reopens the store and restarts
 * delivery; queued messages stay on disk. Another node setting's change leaves the router alone. A change with a bad value is refused whole, and the router keeps running as
 * it was; at start-up a bad value is logged and its key takes the default.
 */
@Component(service = {Router.class, RoutingDiagnostics.class, TwinListener.class, RetainedLog.class}, immediate = true,
        configurationPid = {RoutingComponent.PID, NodeSettings.PID})
public class RoutingComponent implements Router, RoutingDiagnostics, TwinListener, RetainedLog {

    static final String PID = "io.strata.routing";
    static final String EDGE_HUB_MODULE = "$edgeHub";

    private static final Logger LOG = LoggerFactory.getLogger(RoutingComponent.class);
    private static final Duration MAINTENANCE_PERIOD = Duration.ofMinutes(1);

    private final Sinks sinks = new Sinks();

    @Reference
    private TwinService twins;

    // Replaced whole when the configuration changes, while other threads route and read them.
    private volatile IdentityId edgeHub;
    private volatile QueueStore store;
    private volatile RoutingEngine engine;
    private volatile RoutesInForce routesInForce;
    private ScheduledExecutorService scheduler;
    /** Reads and reports the $edgeHub twin off the patching thread, one change at a time. */
    private volatile ScheduledExecutorService settingsExecutor;
    private volatile StoreCheck.Store storeInUse;
    private ServiceRegistration<HealthCheck> storeCheck;
    private Settings inForce;

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties, NodeConfiguration node)
            throws IOException {
        storeCheck = context.registerService(HealthCheck.class, new StoreCheck(() -> Optional.ofNullable(storeInUse)),
                null);
        start(ValidatedConfiguration.readAtStart(RoutingConfig.class, PID, properties, LOG, "The router"), node);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties, NodeConfiguration node)
            throws IOException, InterruptedException {
        Optional<RoutingConfig> config =
                ValidatedConfiguration.readChange(RoutingConfig.class, PID, properties, LOG, "The router");
        // a node setting the router does not use (the parent's, say) leaves its deliveries running
        if (config.isPresent() && !new Settings(config.get(), node).equals(inForce)) {
            stop();
            start(config.get(), node);
        }
    }

    @Deactivate
    synchronized void deactivate() throws InterruptedException {
        storeCheck.unregister();
        stop();
    }

    /** What the router was last started with. */
    private record Settings(RoutingConfig config, String deviceId) {
        Settings(RoutingConfig config, NodeConfiguration node) {
            this(config, NodeNames.of(node).deviceId());
        }
    }

    private void start(RoutingConfig config, NodeConfiguration node) throws IOException {
        edgeHub = IdentityId.module(NodeNames.of(node).deviceId(), EDGE_HUB_MODULE);
        Path directory = config.storeDirectory().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "strata", "routing")
                : Path.of(config.storeDirectory());
        Files.createDirectories(directory);
        Duration defaultTimeToLive = Duration.ofSeconds(config.defaultTimeToLiveSecs());
        warnOfTheFormerStore(directory);
        store = QueueStore.open(directory.resolve("log"),
                new StoreSettings(config.maxStoreBytes(), config.fullPolicy(), defaultTimeToLive), Clock.systemUTC());
        storeInUse = new StoreCheck.Store(directory, config.maxStoreBytes());
        scheduler = Executors.newScheduledThreadPool(2, named("strata-routing-delivery"));
        settingsExecutor = Executors.newSingleThreadScheduledExecutor(named("strata-routing-settings"));
        engine = new RoutingEngine(store, sinks, scheduler, defaultTimeToLive, Backoff.DEFAULT);
        routesInForce = new RoutesInForce(directory.resolve("edgehub-in-force.json"));
        settingsExecutor.execute(() -> {
            routesInForce.load().ifPresent(engine::apply);
            readSettings();
        });
        settingsExecutor.scheduleWithFixedDelay(this::maintain, MAINTENANCE_PERIOD.toMillis(),
                MAINTENANCE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        inForce = new Settings(config, node); // only once started: a router that failed to start tries again
        LOG.info("Router started: message store {} ({} queued endpoints)", directory, store.endpoints().size());
    }

    /** Strata before issue 15 kept the queues in an MVStore file, which this version neither reads nor deletes. */
    private static void warnOfTheFormerStore(Path directory) {
        Path former = directory.resolve("queues.mv");
        if (Files.exists(former)) {
            LOG.warn("{} is the message store of an earlier Strata version: its queued messages are not delivered. "
                    + "Delete it once they are no longer needed.", former);
        }
    }

    private void stop() throws InterruptedException {
        inForce = null;
        storeInUse = null;
        settingsExecutor.shutdownNow();
        engine.stop();
        scheduler.shutdown();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        store.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSinkFactory(SinkFactory factory, Map<String, Object> properties) {
        String name = String.valueOf(properties.get(SinkFactory.SINK_NAME));
        sinks.add(name, factory);
        RoutingEngine running = engine;
        if (running != null) {
            running.sinkChanged(name);
        }
    }

    void removeSinkFactory(SinkFactory factory, Map<String, Object> properties) {
        sinks.remove(String.valueOf(properties.get(SinkFactory.SINK_NAME)), factory);
    }

    @Override
    public CompletionStage<Void> route(MessageSource source, Message message) {
        return engine.route(source, message);
    }

    @Override
    public CompletionStage<Void> route(MessageSource source, List<Message> messages) {
        return engine.route(source, messages);
    }

    @Override
    public void receiversChanged(String sinkName) {
        RoutingEngine running = engine;
        if (running != null) {
            running.sinkChanged(sinkName);
        }
    }

    @Override
    public void desiredChanged(DesiredChange change) {
        if (change.identity().equals(edgeHub)) {
            settingsExecutor.execute(this::readSettings);
        }
    }

    @Override
    public List<RouteStatus> routes() {
        return engine.routes();
    }

    @Override
    public Map<String, Long> unrouted() {
        return engine.unrouted();
    }

    @Override
    public List<ReceivedCount> received() {
        return engine.received();
    }

    @Override
    public List<EndpointStatus> endpoints() {
        return engine.endpoints();
    }

    @Override
    public RouteTestResult test(String route, String message) {
        MatchResult result = RouteParser.parse("test", route).matches(MessageSource.TELEMETRY, MessageJson.parse(message));
        return new RouteTestResult(result.isMatch(), result.explanation());
    }

    private void readSettings() {
        Twin twin = twins.get(edgeHub);
        if (twin.desiredVersion() == 0) {
            return; // no manifest yet
        }
        int status;
        String description;
        try {
            EdgeHubSettings settings = EdgeHubSettings.parse(twin.desired());
            engine.apply(settings);
            keepInForce(twin.desired());
            status = 200;
            description = settings.routes().size() + " routes in force";
            LOG.info("Routes of $edgeHub desired version {}: {} in force", twin.desiredVersion(), settings.routes().size());
        } catch (InvalidEdgeHubSettingsException e) {
            status = e.status();
            description = e.getMessage();
            LOG.error("$edgeHub desired version {} refused with {}: {}", twin.desiredVersion(), status, description);
        }
        report(twin.desiredVersion(), status, description);
    }

    private void keepInForce(String desired) {
        try {
            routesInForce.save(desired);
        } catch (IOException e) {
            LOG.warn("Could not keep the routes in force for the next start: {}", e.getMessage());
        }
    }

    private void report(long version, int status, String description) {
        try {
            // The code first, as IoT Edge reports it: Map.of's order changes from one JVM to the next,
            // and the twin keeps the order of the first report.
            Map<String, Object> lastDesiredStatus = new LinkedHashMap<>();
            lastDesiredStatus.put("code", status);
            lastDesiredStatus.put("description", description);
            twins.patchReported(edgeHub, Json.write(Map.of("lastDesiredVersion", version,
                    "lastDesiredStatus", lastDesiredStatus)));
        } catch (RuntimeException e) {
            LOG.warn("Could not report the routing status in {}'s twin: {}", edgeHub, e.getMessage());
        }
    }

    @Override
    public void retain(String endpointId, Duration retention, long maxMessages) {
        store.retain(endpointId, retention, maxMessages);
    }

    @Override
    public long nextOffset(String endpointId) {
        return store.nextOffset(endpointId);
    }

    @Override
    public List<Event> read(String endpointId, long fromOffset, int max) {
        return store.read(endpointId, fromOffset, max);
    }

    private void maintain() {
        try {
            engine.removeUnusedQueues();
            store.compact();
        } catch (RuntimeException e) {
            LOG.warn("Message store maintenance failed: {}", e.getMessage(), e);
        }
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
