package io.strata.metrics.internal;

import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.proxy.ProxyRoute;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Hashtable;
import java.util.Map;
import java.util.UUID;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Prometheus registry (the edge hub's and agent's figures and the JVM's), served on the API
 * proxy's {@code /metrics} and, when {@code port} is set, on plain HTTP on the loopback interface. The
 * route is registered by hand, not as this component's service, so that the node settings (keys
 * included) never become properties of a service. A change of either configuration makes
 * Declarative Services start it anew, with a new {@code instance_number} as IoT Edge after a restart.
 */
@Component(service = {}, immediate = true, configurationPid = {MetricsComponent.PID, NodeSettings.PID})
public class MetricsComponent {

    static final String PID = "io.strata.metrics";
    static final String PATH = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsComponent.class);

    private final ServiceRegistration<ProxyRoute> route;
    private final LoopbackMetricsServer loopback;

    @Activate
    public MetricsComponent(@Reference NodeSources sources, @Reference OperationCounts operations,
            BundleContext context, Map<String, Object> properties, NodeConfiguration node) {
        MetricsConfig config = ValidatedConfiguration.readAtStart(MetricsConfig.class, PID, properties, LOG,
                "The metrics endpoint");
        PrometheusRegistry registry = registry(labels(node), sources, operations);
        PrometheusScrapeHandler scrape = new PrometheusScrapeHandler(registry);
        Hashtable<String, Object> routeProperties = new Hashtable<>();
        routeProperties.put(ProxyRoute.PATH_PREFIX, PATH);
        route = context.registerService(ProxyRoute.class, exchange -> scrape.handleRequest(ScrapeExchange.of(exchange)),
                routeProperties);
        loopback = config.port() == 0 ? null : loopback(scrape, config.port());
    }

    private static LoopbackMetricsServer loopback(PrometheusScrapeHandler scrape, int port) {
        try {
            LoopbackMetricsServer server = LoopbackMetricsServer.start(port, scrape);
            LOG.info("Metrics served on http://{}:{}{} (loopback only)",
                    InetAddress.getLoopbackAddress().getHostAddress(), server.port(), PATH);
            return server;
        } catch (IOException e) {
            LOG.error("The metrics port of etc/{}.cfg: {}. /metrics stays on the API proxy.", PID, e.getMessage());
            return null;
        }
    }

    /**
     * IoT Edge's labels of every metric: {@code iothub} is the host this node connects to, its parent (the
     * top of the tree is not known below it), or its own hostname on the top node; {@code instance_number}
     * is new at each start.
     */
    static Labels labels(NodeConfiguration node) {
        NodeNames names = NodeNames.of(node);
        String parent = node.parentHostname().trim();
        return Labels.of("iothub", parent.isEmpty() ? names.hostname() : parent, "edge_device", names.deviceId(),
                "instance_number", UUID.randomUUID().toString());
    }

    /** The registry of one node: the Strata metrics with IoT Edge's labels, and the JVM's metrics. */
    static PrometheusRegistry registry(Labels labels, NodeSources sources, OperationCounts operations) {
        PrometheusRegistry registry = new PrometheusRegistry();
        EdgeHubMetrics.register(registry, labels, sources, operations);
        JvmGauges.register(registry);
        return registry;
    }

    @Deactivate
    void deactivate() {
        route.unregister();
        if (loopback != null) {
            loopback.close();
        }
    }
}
