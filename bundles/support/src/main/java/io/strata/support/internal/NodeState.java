package io.strata.support.internal;

import io.strata.api.agent.EdgeAgent;
import io.strata.api.certs.CertificateStore;
import io.strata.api.check.CheckReport;
import io.strata.api.check.HealthCheck;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.json.Json;
import io.strata.api.module.ClientConnection;
import io.strata.api.module.ClientConnections;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.node.UpstreamLink;
import io.strata.api.routing.RoutingDiagnostics;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeService;

/**
 * The sections of a support bundle, from the services that run on this node: each one that is not
 * running (the upstream link on the top node, the agent while its feature is out) says so in its
 * section rather than leaving the bundle short.
 */
@Component(service = NodeState.class, configurationPid = NodeSettings.PID)
public class NodeState {

    private static final String KARAF_FEATURES_BUNDLE = "org.apache.karaf.features.core";

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<HealthCheck> checks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RoutingDiagnostics routing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EdgeAgent agent;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ClientConnections connections;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IdentityRegistry identities;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UpstreamLink upstream;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CertificateStore certificates;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FeaturesService features;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetaTypeService metatype;

    private final BundleContext context;
    private volatile NodeConfiguration node;

    @Activate
    public NodeState(BundleContext context, NodeConfiguration node) {
        this.context = context;
        this.node = node;
    }

    @Modified
    void modified(NodeConfiguration node) {
        this.node = node;
    }

    /** The password keys the running bundles' Metatype declares; none while no Metatype service runs. */
    PasswordKeys passwordKeys() {
        MetaTypeService service = metatype;
        return service == null ? pid -> Set.of() : new MetatypePasswordKeys(context, service);
    }

    /**
     * Every section by its entry name, in the order of the zip.
     *
     * @param checkTimeout how long each health check may take
     */
    Map<String, Supplier<String>> sections(Duration checkTimeout) {
        Map<String, Supplier<String>> sections = new LinkedHashMap<>();
        sections.put("checks.json", json(() -> readTree(CheckReport.run(List.copyOf(checks), checkTimeout).json())));
        sections.put("topology.json", json(this::topology));
        sections.put("routing.json", json(this::routing));
        sections.put("agent.json", json(this::agent));
        sections.put("clients.json", json(this::clients));
        sections.put("certificates.json", json(this::certificates));
        sections.put("versions.json", json(this::versions));
        sections.put("jvm.json", json(JvmState::summary));
        sections.put("threads.txt", JvmState::threadDump);
        return sections;
    }

    private static Object readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("edge:check's JSON does not read back", e);
        }
    }

    /** A section as JSON; one whose service fails says how instead of failing the whole bundle. */
    private static Supplier<String> json(Supplier<Object> section) {
        return () -> {
            Object content;
            try {
                content = section.get();
            } catch (RuntimeException e) {
                content = Map.of("error", String.valueOf(e));
            }
            return SupportJson.write(content);
        };
    }

    private static Map<String, Object> unavailable(String what, String feature) {
        return Map.of("unavailable", what + " is not running on this node (feature " + feature + ")");
    }

    private Object topology() {
        NodeNames names = NodeNames.of(node);
        String parentHostname = node.parentHostname().trim();
        Map<String, Object> topology = new LinkedHashMap<>();
        topology.put("hostname", names.hostname());
        topology.put("deviceId", names.deviceId());
        topology.put("role", parentHostname.isEmpty() ? "top" : "child");
        topology.put("parentHostname", parentHostname);
        UpstreamLink link = upstream;
        topology.put("upstream", link == null ? null : link.status());
        IdentityRegistry registry = identities;
        if (registry == null) {
            topology.put("children", unavailable("the identity registry", "strata-identity"));
            return topology;
        }
        ClientConnections clients = connections;
        Map<IdentityId, ClientConnection> byId = clients == null ? Map.of()
                : clients.clients().stream().collect(Collectors.toMap(ClientConnection::id, Function.identity(),
                        (first, second) -> first.connected() ? first : second));
        topology.put("children", registry.children(names.deviceId()).stream().map(child -> child(child, byId))
                .toList());
        return topology;
    }

    private static Map<String, Object> child(Identity child, Map<IdentityId, ClientConnection> clients) {
        ClientConnection client = clients.get(child.id());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", child.id());
        entry.put("kind", child.kind());
        entry.put("enabled", child.enabled());
        entry.put("connected", client != null && client.connected());
        entry.put("transport", client == null ? null : client.transport());
        return entry;
    }

    private Object routing() {
        RoutingDiagnostics diagnostics = routing;
        if (diagnostics == null) {
            return unavailable("the router", "strata-routing");
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("routes", diagnostics.routes());
        state.put("endpoints", diagnostics.endpoints());
        state.put("unrouted", diagnostics.unrouted());
        return state;
    }

    private Object agent() {
        EdgeAgent edgeAgent = agent;
        if (edgeAgent == null) {
            return unavailable("the edge agent", "strata-agent");
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("deployment", edgeAgent.deployment());
        state.put("modules", edgeAgent.modules());
        return state;
    }

    private Object clients() {
        ClientConnections clients = connections;
        return clients == null ? unavailable("the edge hub", "strata-edgehub") : clients.clients();
    }

    private Object certificates() {
        CertificateStore store = certificates;
        if (store == null) {
            return unavailable("the certificate store", "strata-certs");
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("developmentChain", store.isDevelopmentChain());
        state.put("certificates", store.certificates());
        return state;
    }

    private Object versions() {
        Map<String, Object> versions = new LinkedHashMap<>();
        Bundle[] bundles = context.getBundles();
        versions.put("karaf", Arrays.stream(bundles)
                .filter(bundle -> KARAF_FEATURES_BUNDLE.equals(bundle.getSymbolicName()))
                .map(bundle -> bundle.getVersion().toString()).findFirst().orElse("unknown"));
        versions.put("java", Map.of("version", System.getProperty("java.runtime.version", ""),
                "vendor", System.getProperty("java.vendor", ""), "vm", System.getProperty("java.vm.name", "")));
        versions.put("os", Map.of("name", System.getProperty("os.name", ""), "version",
                System.getProperty("os.version", ""), "arch", System.getProperty("os.arch", ""),
                "processors", Runtime.getRuntime().availableProcessors()));
        versions.put("strataBundles", Arrays.stream(bundles)
                .filter(bundle -> bundle.getSymbolicName() != null && bundle.getSymbolicName().startsWith("io.strata."))
                .map(bundle -> Map.of("symbolicName", bundle.getSymbolicName(), "version",
                        bundle.getVersion().toString(), "state", state(bundle)))
                .toList());
        versions.put("featuresInstalled", installedFeatures());
        return versions;
    }

    private Object installedFeatures() {
        FeaturesService service = features;
        if (service == null) {
            return unavailable("Karaf's features service", "feature");
        }
        try {
            return Arrays.stream(service.listInstalledFeatures())
                    .map(feature -> feature.getName() + "/" + feature.getVersion()).sorted().toList();
        } catch (Exception e) { // the features service declares Exception
            return Map.of("error", String.valueOf(e));
        }
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "Active";
            case Bundle.RESOLVED -> "Resolved";
            case Bundle.INSTALLED -> "Installed";
            case Bundle.STARTING -> "Starting";
            case Bundle.STOPPING -> "Stopping";
            default -> "Uninstalled";
        };
    }
}
