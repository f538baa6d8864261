package io.strata.agent.internal.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.agent.internal.manifest.AgentSettings;
import io.strata.agent.internal.manifest.DeploymentManifest;
import io.strata.agent.internal.manifest.ManifestException;
import io.strata.agent.internal.manifest.ModuleSpec;
import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.agent.ModuleStatus;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.metrics.OperationCounters;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.retry.Backoff;
import io.strata.api.routing.EdgeHubSettingsValidator;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import io.strata.api.twin.TwinService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge agent. Its desired state is the {@code $edgeAgent} module twin of this node's device;
 * a deployment manifest (from {@code etc/strata-deployment.json}, {@code edge:deploy}, or the
 * parent's twin sync) sets it together with the {@code $edgeHub} and module twins. A change of it
 * is read whole from the twin, so a sync from the parent is applied exactly as a local patch. All
 * work happens on one thread, so deployments, restarts and health checks never overlap. Deactivating
 * the agent leaves the modules as they are: Karaf keeps them across restarts, and the agent picks
 * them up again.
 */
@Component(service = {EdgeAgent.class, TwinListener.class, ModuleBundles.class}, immediate = true,
        configurationPid = {AgentComponent.PID, NodeSettings.PID})
public class AgentComponent implements EdgeAgent, TwinListener, ModuleBundles {

    static final String PID = "io.strata.agent";
    static final String EDGE_AGENT_MODULE = "$edgeAgent";
    static final String DEFAULT_MANIFEST = "strata-deployment.json";

    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);
    private static final long HEALTH_CHECK_MILLIS = 1000;
    private static final long DEPLOY_TIMEOUT_MINUTES = 10;
    // A failed deployment is tried again, as IoT Edge's agent does on each reconcile: its cause (a
    // feature repository not reachable yet, another features operation at the same moment) may pass.
    static final Backoff DEPLOYMENT_RETRY = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5));
    private static final String STRATA_BUNDLES = "io.strata.";
    private static final List<String> EDGE_HUB_BUNDLES = List.of("io.strata.broker", "io.strata.edgehub", "io.strata.routing");

    @Reference
    private TwinService twins;
    @Reference
    private IdentityRegistry identities;
    @Reference
    private FeaturesService features;
    @Reference
    private ConfigurationAdmin configurations;
    @Reference
    private ServiceComponentRuntime scr;
    @Reference
    private EdgeHubSettingsValidator edgeHubSettings;
    /** Counts module starts and stops for the node's metrics, while they are installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OperationCounters counters;

    private final Instant started = Instant.now();
    private volatile BundleContext context;
    // Replaced when the configuration changes; shell commands read them.
    private volatile IdentityId edgeAgent;
    private volatile String deviceId;
    private Path stateFile;
    private Path manifestFile;
    private ComponentHealth componentHealth;
    private CodeOwnership ownership;
    private volatile KarafModuleRuntime runtime;
    private Reconciler reconciler;
    private Supervisor supervisor;
    private volatile ScheduledExecutorService executor;
    private volatile ManifestTwins manifestTwins;
    private volatile EdgeHubRoutesCheck edgeHubCheck;

    // Written on the agent thread, read by shell commands.
    private volatile AgentState state;
    private volatile DeploymentStatus status;
    // The status of the $edgeAgent desired properties in force; status differs after a refused manifest.
    private DeploymentStatus inForce;
    private volatile List<ModuleStatus> modules = List.of();
    private long lastSeenVersion = -1;
    private int failuresInRow;
    private ScheduledFuture<?> retry;
    private Settings startedWith;

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties, NodeConfiguration node)
            throws IOException {
        start(context, ValidatedConfiguration.readAtStart(AgentConfig.class, PID, properties, LOG, "The edge agent"),
                node);
    }

    /**
     * A changed configuration with a bad value is refused whole; a good one restarts the agent, not its
     * modules, when it changes the agent's settings or the node's device id.
     */
    @Modified
    synchronized void modified(BundleContext context, Map<String, Object> properties, NodeConfiguration node)
            throws IOException, InterruptedException {
        Optional<AgentConfig> config =
                ValidatedConfiguration.readChange(AgentConfig.class, PID, properties, LOG, "The edge agent");
        if (config.isPresent() && !new Settings(config.get(), NodeNames.of(node).deviceId()).equals(startedWith)) {
            deactivate();
            start(context, config.get(), node);
        }
    }

    /** What the agent was last started with. */
    private record Settings(AgentConfig config, String deviceId) {
    }

    private void start(BundleContext context, AgentConfig config, NodeConfiguration node) throws IOException {
        this.context = context;
        lastSeenVersion = -1;
        failuresInRow = 0;
        deviceId = NodeNames.of(node).deviceId();
        edgeAgent = IdentityId.module(deviceId, EDGE_AGENT_MODULE);
        Path directory = Path.of(System.getProperty("karaf.data", "data"), "strata", "agent");
        Files.createDirectories(directory);
        stateFile = directory.resolve("state.json");
        manifestFile = config.manifestFile().isBlank()
                ? Path.of(System.getProperty("karaf.etc", "etc"), DEFAULT_MANIFEST) : Path.of(config.manifestFile());
        state = AgentState.load(stateFile);
        inForce = new DeploymentStatus(state.appliedVersion(), 200,
                state.appliedVersion() == 0 ? "No deployment yet" : "Applied before the agent started",
                state.appliedVersion(), state.applied().toPrettyString());
        status = inForce;
        componentHealth = new ComponentHealth(scr,
                () -> context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkStartLevel.class).getStartLevel(),
                beginningStartLevel(context));
        ownership = new CodeOwnership(state.installedByAgent());
        runtime = new KarafModuleRuntime(context, features, configurations, identities, componentHealth, deviceId,
                ownership, () -> Optional.ofNullable(counters));
        edgeHubCheck = new EdgeHubRoutesCheck(edgeHubSettings);
        manifestTwins = new ManifestTwins(twins, identities::find, edgeHubCheck);
        reconciler = new Reconciler(runtime);
        supervisor = new Supervisor(runtime);
        List<ModuleSpec> applied = appliedModules();
        applied.forEach(runtime::adopt);
        supervisor.deployed(applied, Set.of(), Instant.now());
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "strata-agent"));
        executor.execute(this::reconcileTwin);
        executor.scheduleWithFixedDelay(this::checkHealth, HEALTH_CHECK_MILLIS, HEALTH_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::pollManifestFile, 0, config.manifestPollSeconds(), TimeUnit.SECONDS);
        startedWith = new Settings(config, deviceId); // only once started: an agent that failed to start tries again
        LOG.info("Edge agent started for device {}: {} module(s) applied, watching {}", deviceId, applied.size(),
                manifestFile);
    }

    @Deactivate
    synchronized void deactivate() throws InterruptedException {
        startedWith = null;
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Override
    public void desiredChanged(DesiredChange change) {
        if (change.identity().equals(edgeAgent)) {
            try {
                executor.execute(this::reconcileTwin);
            } catch (RejectedExecutionException e) {
                LOG.debug("Desired version {} arrived while the agent restarts, which reads the twin anew", change.version());
            }
        }
    }

    @Override
    public DeploymentStatus deploy(String manifest) {
        return onAgentThread(() -> deployNow(manifest));
    }

    /** For another device, without waiting for it: there is no agent for it here, its own node applies it. */
    @Override
    public DeploymentStatus deployTo(String deviceId, String manifest) {
        return deviceId.equals(this.deviceId) ? deploy(manifest) : manifestTwins.deliver(deviceId, manifest);
    }

    @Override
    public DeploymentStatus deployment() {
        return status;
    }

    @Override
    public List<ModuleStatus> modules() {
        return modules;
    }

    @Override
    public ModuleStatus restartModule(String moduleId) {
        return onAgentThread(() -> {
            ModuleStatus restarted = supervisor.restartNow(moduleId, Instant.now());
            publishStatuses();
            return restarted;
        });
    }

    /** The edge hub is every other Strata bundle: those of the broker, listeners, routing, twins, upstream link. */
    @Override
    public Map<String, Set<String>> symbolicNames() {
        KarafModuleRuntime current = runtime;
        Map<String, Set<String>> modules = new LinkedHashMap<>();
        appliedModules().forEach(module -> modules.put(module.name(), current.symbolicNames(module)));
        String agentBundle = context.getBundle().getSymbolicName();
        Set<String> edgeHub = Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName)
                .filter(name -> name != null && name.startsWith(STRATA_BUNDLES) && !name.equals(agentBundle)
                        && modules.values().stream().noneMatch(own -> own.contains(name)))
                .collect(Collectors.toSet());
        Map<String, Set<String>> names = new LinkedHashMap<>();
        names.put(EDGE_AGENT, Set.of(agentBundle));
        names.put(EDGE_HUB, edgeHub);
        names.putAll(modules);
        return names;
    }

    private <T> T onAgentThread(Callable<T> work) {
        try {
            return executor.submit(work).get(DEPLOY_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the agent", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The agent did not finish within " + DEPLOY_TIMEOUT_MINUTES + " minutes", e);
        }
    }

    /** Validates the manifest, writes its twins ($edgeAgent last, as it sets the agent going) and applies it. */
    private DeploymentStatus deployNow(String text) {
        LOG.info("Deployment manifest received ({} characters)", text.length());
        DeploymentManifest manifest;
        try {
            manifest = DeploymentManifest.parse(text);
            edgeHubCheck.check(manifest);
        } catch (ManifestException e) {
            LOG.error("Deployment manifest refused ({}): {}", e.code(), e.getMessage());
            return reportRefusal(e.code(), e.getMessage());
        }
        try {
            manifestTwins.write(deviceId, manifest);
        } catch (IllegalArgumentException e) {
            return reportRefusal(ManifestException.INVALID, e.getMessage());
        }
        // When the manifest is the one in force its twins do not change and nothing is applied again:
        // its status is the answer, not that of a manifest refused meanwhile.
        status = inForce;
        reconcileTwin();
        return status;
    }

    private DeploymentStatus reportRefusal(int code, String description) {
        status = new DeploymentStatus(twins.get(edgeAgent).desiredVersion(), code, description, state.appliedVersion(),
                state.applied().toPrettyString());
        report();
        return status;
    }

    /** Applies the $edgeAgent desired properties if they changed since the agent last looked. */
    private void reconcileTwin() {
        try {
            Twin twin = twins.get(edgeAgent);
            if (twin.desiredVersion() == lastSeenVersion
                    || (lastSeenVersion < 0 && twin.desiredVersion() == state.appliedVersion())) {
                lastSeenVersion = twin.desiredVersion();
                publishStatuses();
                report();
                return;
            }
            lastSeenVersion = twin.desiredVersion();
            apply(twin.desiredVersion(), TwinSections.read(twin.desired()));
        } catch (RuntimeException e) {
            LOG.error("Could not reconcile the $edgeAgent desired properties", e);
        }
    }

    /** Applies the desired properties of {@code version} again, unless another version came meanwhile. */
    private void retryFailed(long version) {
        try {
            Twin twin = twins.get(edgeAgent);
            if (twin.desiredVersion() == version && lastSeenVersion == version && inForce.code() == 500) {
                LOG.info("Trying deployment version {} again", version);
                apply(version, TwinSections.read(twin.desired()));
            }
        } catch (RuntimeException e) {
            LOG.error("Could not try deployment version {} again", version, e);
        }
    }

    private void apply(long version, ObjectNode desired) {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        if (version != inForce.desiredVersion()) {
            failuresInRow = 0;
        }
        AgentSettings settings;
        try {
            settings = AgentSettings.parse(desired);
        } catch (ManifestException e) {
            LOG.error("$edgeAgent desired properties version {} refused ({}): {}", version, e.code(), e.getMessage());
            setStatus(version, e.code(), e.getMessage());
            report();
            return;
        }
        try {
            Reconciler.Result result = reconciler.apply(appliedModules(), settings.modules());
            saveState(state.withApplied(version, desired, ownership.installedByAgent()));
            supervisor.deployed(settings.modules(), result.restarted(), Instant.now());
            String changes = result.changes().isEmpty() ? "nothing changed" : String.join(", ", result.changes());
            LOG.info("Deployment version {} applied: {}", version, changes);
            setStatus(version, 200, "Applied: " + changes);
            failuresInRow = 0;
        } catch (ModuleException e) {
            saveState(state.withApplied(state.appliedVersion(), state.applied(), ownership.installedByAgent()));
            Duration wait = DEPLOYMENT_RETRY.after(++failuresInRow);
            LOG.error("Deployment version {} failed, the previous modules are back; the agent tries it again in {} s: {}",
                    version, wait.toSeconds(), e.getMessage());
            setStatus(version, 500, e.getMessage());
            retry = executor.schedule(() -> retryFailed(version), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        supervisor.check(Instant.now());
        publishStatuses();
        report();
    }

    private void setStatus(long version, int code, String description) {
        inForce = new DeploymentStatus(version, code, description, state.appliedVersion(), state.applied().toPrettyString());
        status = inForce;
    }

    private void checkHealth() {
        // While the framework still climbs its start levels, a module's bundle may just not be started yet:
        // that is no failure to restart it for (the system bundle is ACTIVE once the climb is done).
        if (context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() != Bundle.ACTIVE) {
            return;
        }
        try {
            if (supervisor.check(Instant.now())) {
                publishStatuses();
            }
            report();
        } catch (RuntimeException e) {
            LOG.error("Module health check failed", e);
        }
    }

    private void pollManifestFile() {
        try {
            if (!Files.isRegularFile(manifestFile)) {
                return;
            }
            byte[] content = Files.readAllBytes(manifestFile);
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            if (digest.equals(state.manifestFileDigest())) {
                return;
            }
            saveState(state.withManifestFileDigest(digest));
            LOG.info("Deploying {}", manifestFile);
            deployNow(new String(content, StandardCharsets.UTF_8));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            LOG.error("Could not deploy {}", manifestFile, e);
        }
    }

    /** The start level the framework rises to when the node starts (Karaf sets it; OSGi's default is 1). */
    private static int beginningStartLevel(BundleContext context) {
        String level = context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL);
        try {
            return level == null ? 1 : Integer.parseInt(level.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void publishStatuses() {
        modules = supervisor.statuses();
    }

    /** Replaces the reported properties; the twin changes only when something did. */
    private void report() {
        ModuleStatus edgeHub = edgeHubStatus();
        ObjectNode reported = ReportedProperties.of(status, state.applied(), modules, edgeHub, started);
        twins.replaceReported(edgeAgent, reported.toString());
    }

    private ModuleStatus edgeHubStatus() {
        List<Bundle> bundles = Arrays.stream(context.getBundles())
                .filter(bundle -> EDGE_HUB_BUNDLES.contains(bundle.getSymbolicName())).toList();
        Observation observation = bundles.size() < EDGE_HUB_BUNDLES.size()
                ? new Observation(Observation.Health.FAILED, "not installed: feature:install strata-node")
                : componentHealth.observe(bundles, true, null);
        // IoT Edge's own word for a module whose state is not known yet
        String runtimeStatus = observation.health() == Observation.Health.STARTING ? "unknown"
                : observation.health().name().toLowerCase(Locale.ROOT);
        return new ModuleStatus("edgeHub", "karaf-feature", "", "running", runtimeStatus, observation.description(),
                "always", 0, started, null, null);
    }

    private List<ModuleSpec> appliedModules() {
        if (state.appliedVersion() == 0) {
            return List.of();
        }
        try {
            return AgentSettings.parse(state.applied()).modules();
        } catch (ManifestException e) {
            throw new IllegalStateException("The applied deployment in " + stateFile + " is unreadable: " + e.getMessage(), e);
        }
    }

    private void saveState(AgentState next) {
        state = next;
        try {
            next.save(stateFile);
        } catch (IOException e) {
            LOG.error("Could not save the agent state to {}", stateFile, e);
        }
    }
}
