package io.strata.metrics.internal;

import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.message.Message;
import io.strata.api.message.SystemProperty;
import io.strata.api.module.ModuleClient;
import io.strata.api.module.ModuleClientFactory;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this node's health up the tree every {@code upstreamIntervalSeconds}, as IoT Edge's metrics
 * collector module sends metrics to IoT Hub: a message on output {@value #OUTPUT} of module
 * {@value #MODULE_ID}, which the node's {@code $upstream} routes carry to its parent and on to the hub.
 * Like {@code $edgeAgent}, the module identity is registered on the node when it is missing. A report
 * that the edge hub refuses (no router yet, a full store) is logged and the next one tries again.
 */
@Component(service = {}, immediate = true, configurationPid = {MetricsComponent.PID, NodeSettings.PID})
public class HealthReporter {

    static final String MODULE_ID = "$edgeMetrics";
    static final String OUTPUT = "health";

    private static final Logger LOG = LoggerFactory.getLogger(HealthReporter.class);

    private final ModuleClient client;
    private final ScheduledExecutorService timer;

    /**
     * @param clients the edge hub's in-process clients; optional and greedy, so that this component starts
     *                again with one when it comes
     */
    @Activate
    public HealthReporter(
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            ModuleClientFactory clients, @Reference IdentityRegistry identities, @Reference NodeSources sources,
            Map<String, Object> properties, NodeConfiguration node) {
        MetricsConfig config = ValidatedConfiguration.readAtStart(MetricsConfig.class, MetricsComponent.PID,
                properties, LOG, "The health reports");
        if (clients == null || config.upstreamIntervalSeconds() == 0) {
            client = null;
            timer = null;
            return;
        }
        String deviceId = NodeNames.of(node).deviceId();
        IdentityId id = IdentityId.module(deviceId, MODULE_ID);
        if (identities.find(id).isEmpty()) {
            identities.add(Identity.module(deviceId, MODULE_ID, Credentials.generateSymmetricKeys()));
            LOG.info("Registered module identity {}, which sends this node's health up the tree", id);
        }
        client = clients.connect(MODULE_ID);
        timer = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "strata-health-reports"));
        timer.scheduleAtFixedRate(() -> send(deviceId, sources), 0, config.upstreamIntervalSeconds(),
                TimeUnit.SECONDS);
    }

    private void send(String deviceId, NodeSources sources) {
        try {
            Message report = Message.builder().body(HealthJson.write(HealthProbe.measure(deviceId, sources,
                    Clock.systemUTC().instant())))
                    .systemProperty(SystemProperty.CONTENT_TYPE, "application/json")
                    .systemProperty(SystemProperty.CONTENT_ENCODING, "utf-8").build();
            client.sendOutput(OUTPUT, report).whenComplete((sent, failure) -> {
                if (failure != null) {
                    LOG.warn("The edge hub did not take this node's health report: {}", failure.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("This node's health report could not be sent: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
            client.close();
        }
    }
}
