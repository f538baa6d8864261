package io.strata.agent.internal.methods;

import io.strata.agent.internal.runtime.ModuleBundles;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.module.ModuleClient;
import io.strata.api.module.ModuleClientFactory;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.proxy.ProxyRoute;
import io.strata.api.proxy.UpstreamClient;
import io.strata.api.support.SupportBundles;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as module {@code $edgeAgent} of this node's edge device, connected in-process to the
 * edge hub, where it answers IoT Edge's agent methods. As IoT Edge creates {@code $edgeAgent} with
 * every edge device, the agent registers the identity on its node when it is missing, as it does for
 * the modules it deploys; a child node keeps it across its parent's identity snapshots, which leave
 * the modules of the node's own device alone. A parent reaches it through the child node whose
 * subtree holds the device, so a call from the top travels the tree down to the node. Uploads run in
 * the background and are cancelled when the component stops.
 *
 * <p>A change of the node settings (its device id) makes Declarative Services activate it anew.
 */
@Component(configurationPid = NodeSettings.PID)
public class EdgeAgentModule {

    static final String MODULE_ID = "$edgeAgent";

    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgentModule.class);

    private final ModuleClient client;
    private final UploadTasks uploads = new UploadTasks();

    /** Present on a node with a parent: uploads to {@code $upstream} go through it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UpstreamClient parent;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SupportBundles supportBundles;

    /** The paths this node's API proxy serves itself, by their prefix: the top node's own blob storage. */
    private final Map<ProxyRoute, String> localRoutes = new ConcurrentHashMap<>();

    /**
     * @param clients the edge hub's in-process clients; optional, so that the agent runs without an edge
     *                hub, and greedy, so that this component starts again with one when it comes
     */
    @Activate
    public EdgeAgentModule(
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            ModuleClientFactory clients, @Reference IdentityRegistry identities, @Reference EdgeAgent agent,
            @Reference ModuleBundles modules, NodeConfiguration node) {
        if (clients == null) {
            LOG.debug("No edge hub runs on this node (yet): {} answers no methods until one does", MODULE_ID);
            client = null;
            return;
        }
        String deviceId = NodeNames.of(node).deviceId();
        IdentityId id = IdentityId.module(deviceId, MODULE_ID);
        if (identities.find(id).isEmpty()) {
            identities.add(Identity.module(deviceId, MODULE_ID, Credentials.generateSymmetricKeys()));
            LOG.info("Registered module identity {}, which answers the agent's direct methods", id);
        }
        client = clients.connect(MODULE_ID);
        ModuleLogs logs = new ModuleLogs(modules, KarafLogFile.ofThisNode());
        BlobUploader uploader = new BlobUploader(() -> Optional.ofNullable(parent), this::localRoute, id,
                HttpClient::newHttpClient);
        UploadMethods uploadMethods = new UploadMethods(deviceId, logs, () -> Optional.ofNullable(supportBundles),
                uploader, uploads, Clock.systemUTC());
        new EdgeAgentMethods(agent, logs, uploadMethods, Clock.systemUTC()).handlers()
                .forEach(client::setMethodHandler);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindLocalRoute(ProxyRoute route, Map<String, Object> properties) {
        if (properties.get(ProxyRoute.PATH_PREFIX) instanceof String prefix) {
            localRoutes.put(route, prefix);
        }
    }

    void unbindLocalRoute(ProxyRoute route) {
        localRoutes.remove(route);
    }

    /** The route with the longest prefix of the target's path, as the API proxy picks it. */
    private Optional<ProxyRoute> localRoute(String target) {
        return localRoutes.entrySet().stream().filter(route -> target.startsWith(route.getValue()))
                .max(Comparator.comparingInt(route -> route.getValue().length())).map(Map.Entry::getKey);
    }

    @Deactivate
    void deactivate() {
        uploads.close();
        if (client != null) {
            client.close();
        }
    }
}
