package io.strata.metrics.internal;

import io.strata.api.hub.EventLog;
import io.strata.api.metrics.TreeHealth;
import java.nio.file.Path;
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

/**
 * On the hub, offers {@link TreeHealth}: the last health of every node, told by the event log, kept in
 * {@code data/strata/metrics/tree-health.json} (written at most every {@value #SAVE_SECONDS} s while
 * reports come, and when it stops). The event log runs on the top node only, so this component runs on
 * every node and registers the service by hand where there is one; the feature then resolves on every node.
 */
@Component(service = {}, immediate = true)
public class HubHealthLog {

    static final long SAVE_SECONDS = 5;

    private EventLog events;
    private ScheduledExecutorService saver;
    private ServiceRegistration<TreeHealth> registration;
    private LastSeenHealth health;

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
        this.events = events;
        health = new LastSeenHealth(new HealthFile(Path.of(System.getProperty("karaf.data", "data"), "strata",
                "metrics", "tree-health.json")));
        events.follow(HealthReporter.MODULE_ID, health);
        saver = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "strata-tree-health"));
        saver.scheduleWithFixedDelay(health::saveIfChanged, SAVE_SECONDS, SAVE_SECONDS, TimeUnit.SECONDS);
        registration = context.registerService(TreeHealth.class, health, null);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            events.unfollow(health);
            saver.shutdownNow();
            try {
                saver.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            health.saveIfChanged();
        }
    }
}
