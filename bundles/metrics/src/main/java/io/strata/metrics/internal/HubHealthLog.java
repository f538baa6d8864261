package io.strata.metrics.internal;

import io.strata.api.hub.EventLog;
import io.strata.api.metrics.TreeHealth;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the hub, offers {@link TreeHealth}: the last health of every node, following the event log. The
 * event log runs on the top node only, so this component runs on every node and registers the service
 * by hand where there is one; the feature then resolves on every node.
 */
@Component(service = {}, immediate = true)
public class HubHealthLog {

    private static final Logger LOG = LoggerFactory.getLogger(HubHealthLog.class);
    private static final long POLL_MILLIS = 500;

    private ScheduledExecutorService follower;
    private ServiceRegistration<TreeHealth> registration;

    /**
     * @param events the hub's event log; optional and greedy, so that this component starts again with it
     *               when the hub role is installed
     */
    @Activate
    public HubHealthLog(
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            EventLog events, BundleContext context) {
        if (events == null) {
            return;
        }
        LastSeenHealth health = new LastSeenHealth(events);
        follower = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "strata-tree-health"));
        follower.scheduleWithFixedDelay(() -> {
            try {
                health.follow();
            } catch (RuntimeException e) {
                LOG.warn("Reading health reports from the event log failed; trying again: {}", e.toString());
            }
        }, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        registration = context.registerService(TreeHealth.class, health, null);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            follower.shutdownNow();
        }
    }
}
