package io.strata.metrics.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.metrics.OperationCounters;
import org.osgi.service.component.annotations.Component;

/**
 * The operations the edge hub's and agent's bundles report, kept until the bundle stops (as IoT Edge's
 * counters live as long as its process) and read by {@link EdgeHubMetrics} at each scrape.
 */
@Component(service = {OperationCounters.class, OperationCounts.class})
public class OperationCounts implements OperationCounters {

    /** IoT Edge's {@code source} of a twin read and {@code target} of a reported update: this node's hub. */
    static final String EDGE_HUB = "edge_hub";

    final LabelledCounts twinReads = new LabelledCounts();
    final LabelledCounts reportedUpdates = new LabelledCounts();
    final LabelledCounts directMethods = new LabelledCounts();
    final LabelledCounts refusedClients = new LabelledCounts();
    final LabelledCounts moduleStarts = new LabelledCounts();
    final LabelledCounts moduleStops = new LabelledCounts();

    @Override
    public void twinRead(IdentityId identity) {
        twinReads.increment(EDGE_HUB, identity.toString());
    }

    @Override
    public void reportedPropertiesUpdated(IdentityId identity) {
        reportedUpdates.increment(EDGE_HUB, identity.toString());
    }

    @Override
    public void directMethodInvoked(String caller, IdentityId target) {
        directMethods.increment(caller, target.toString());
    }

    @Override
    public void clientRefused(IdentityId identity, String reason) {
        refusedClients.increment(identity.toString(), reason);
    }

    @Override
    public void moduleStarted(String module, String version) {
        moduleStarts.increment(module, version);
    }

    @Override
    public void moduleStopped(String module, String version) {
        moduleStops.increment(module, version);
    }
}
