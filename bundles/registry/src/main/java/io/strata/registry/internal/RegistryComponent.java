package io.strata.registry.internal;

import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.IdentityId;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.proxy.ProxyExchange;
import io.strata.api.proxy.ProxyRoute;
import io.strata.api.proxy.UpstreamClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.karaf.features.BootFinished;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The artifact registry on the API proxy under {@value #PATH}: a Maven-layout repository that Karaf's
 * resolver (or any Maven client) reads, filled from the configured remotes on a miss or by imports. On
 * a node with a parent it is a connected registry: what neither it nor its remotes hold comes from the
 * parent's registry through the parent's proxy, and what it cached is served while the parent is away.
 */
@Component(configurationPid = {RegistryComponent.PID, NodeSettings.PID},
        property = ProxyRoute.PATH_PREFIX + "=" + RegistryComponent.PATH)
public class RegistryComponent implements ProxyRoute, Registry {

    static final String PID = "io.strata.registry";
    static final String PATH = "/maven/";
    private static final String NAME = "The artifact registry";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryComponent.class);

    /** Present on a node with a parent: the registry then fetches what it lacks from the parent's registry. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private volatile UpstreamClient parent;

    @Reference
    private ConfigurationAdmin configurations;

    // Booted with every node: it changes the resolver's repositories, which it leaves alone until the boot
    // features are installed, so that the resolver is not reconfigured under them.
    @Reference
    private BootFinished bootFinished;

    private volatile ArtifactRegistry registry;
    private volatile RepositoryRoute route;
    private ResolverRepository resolverRepository;

    @Activate
    synchronized void activate(Map<String, Object> properties, NodeConfiguration node) throws IOException {
        RegistryConfig config = ValidatedConfiguration.readAtStart(RegistryConfig.class, PID, properties, LOG, NAME);
        List<Remote> remotes;
        try {
            remotes = remotes(config);
        } catch (IllegalArgumentException e) {
            LOG.error("etc/{}.cfg: {}. {} starts with no remote.", PID, e.getMessage(), NAME);
            remotes = List.of();
        }
        start(config, remotes);
        serveTheResolver(config, node);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties, NodeConfiguration node) throws IOException {
        var change = ValidatedConfiguration.readChange(RegistryConfig.class, PID, properties, LOG, NAME);
        if (change.isEmpty()) {
            return;
        }
        try {
            start(change.get(), remotes(change.get()));
        } catch (IllegalArgumentException e) {
            LOG.error("etc/{}.cfg: {}. {} keeps its previous settings.", PID, e.getMessage(), NAME);
            return;
        }
        stopServingTheResolver();
        serveTheResolver(change.get(), node);
    }

    @Deactivate
    synchronized void deactivate() {
        stopServingTheResolver();
    }

    @Override
    public void serve(ProxyExchange exchange) throws IOException {
        route.serve(exchange);
    }

    @Override
    public RegistryStatus status() {
        ArtifactRegistry current = registry;
        ArtifactStore store = current.store();
        return new RegistryStatus(store.repository(), store.files(), store.totalBytes(), store.maxBytes(),
                current.remotes(), current.statistics());
    }

    @Override
    public ArtifactImport.Result importFrom(Path source) throws IOException {
        ArtifactImport.Result result = ArtifactImport.load(registry.store(), source);
        LOG.info("{} imported {} files ({} bytes) from {}", NAME, result.files(), result.bytes(), source);
        result.refused().forEach(refused -> LOG.warn("{} left out {} imported from {}", NAME, refused, source));
        return result;
    }

    private void start(RegistryConfig config, List<Remote> remotes) throws IOException {
        Path directory = config.directory().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "strata", "registry")
                : Path.of(config.directory());
        ArtifactStore store = new ArtifactStore(directory, config.maxSizeMegabytes() * 1024 * 1024);
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(config.connectTimeoutSeconds()))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        List<ArtifactSource> sources = new ArrayList<>(HttpRemote.all(remotes, client,
                Duration.ofSeconds(config.requestTimeoutSeconds())));
        UpstreamClient connectedTo = parent;
        if (connectedTo != null) {
            // the configured remotes first: a site may let a lower node reach a repository of its own
            sources.add(new ParentRegistry(connectedTo));
        }
        ArtifactRegistry started = new ArtifactRegistry(store, sources, new RemoteFetch(store),
                Duration.ofMinutes(config.metadataMaxAgeMinutes()), Clock.systemUTC());
        route = new RepositoryRoute(PATH, started);
        registry = started;
        LOG.info("{} serves {} from {} ({} of {} MB used), remotes {}", NAME, PATH, store.repository(),
                store.totalBytes() / (1024 * 1024), config.maxSizeMegabytes(), sources);
    }

    /** Points this node's Maven resolver at the registry, first, as long as the registry runs. */
    private void serveTheResolver(RegistryConfig config, NodeConfiguration node) {
        if (!config.resolverRepository()) {
            return;
        }
        try {
            resolverRepository = new ResolverRepository(config.resolverPort(), () -> registry,
                    IdentityId.device(NodeNames.of(node).deviceId()));
            new ResolverRepositories(configurations).add(resolverRepository.resolverEntry());
            LOG.info("{} serves this node's Maven resolver on 127.0.0.1 (repository {} in {})", NAME,
                    ResolverRepository.ID, ResolverRepositories.REPOSITORIES);
        } catch (IOException e) {
            LOG.error("{} cannot serve this node's Maven resolver (resolverPort = {} in etc/{}.cfg): {}", NAME,
                    config.resolverPort(), PID, e.getMessage());
            stopServingTheResolver();
        }
    }

    private void stopServingTheResolver() {
        if (resolverRepository == null) {
            return;
        }
        try {
            new ResolverRepositories(configurations).remove();
        } catch (IOException | IllegalStateException e) {
            LOG.warn("{} could not take its repository out of {}: {}", NAME, ResolverRepositories.REPOSITORIES,
                    e.getMessage());
        }
        resolverRepository.close();
        resolverRepository = null;
    }

    private static List<Remote> remotes(RegistryConfig config) {
        return Remote.of(config.remoteUrls(), config.remoteUsernames(), config.remotePasswords());
    }
}
