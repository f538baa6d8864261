package io.strata.hub.internal;

import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.hub.Event;
import io.strata.api.hub.EventListener;
import io.strata.api.hub.EventLog;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeSettings;
import io.strata.api.routing.Endpoint;
import io.strata.api.routing.RetainedLog;
import io.strata.api.routing.SinkFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub role: the event log, and on the top node the {@code $upstream} sink that ends in it. On a
 * node with a parent, {@code $upstream} means that parent, so the sink is left to the upstream link.
 * The log is the router's: the hub asks it to retain what it routes to {@code $upstream} and reads
 * that by offset. A change of {@code etc/io.strata.hub.cfg} changes the retention.
 */
@Component(service = EventLog.class, immediate = true, configurationPid = {HubComponent.PID, NodeSettings.PID})
public class HubComponent implements EventLog {

    static final String PID = "io.strata.hub";
    static final String UPSTREAM = "$upstream";

    private static final Logger LOG = LoggerFactory.getLogger(HubComponent.class);

    @Reference
    private RetainedLog log;
    private final EventFollowers followers = new EventFollowers(Clock.systemUTC());
    private ServiceRegistration<SinkFactory> upstreamSink;

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties, NodeConfiguration node) {
        start(context, ValidatedConfiguration.readAtStart(HubConfig.class, PID, properties, LOG, "The hub"), node);
    }

    /** A changed configuration with a bad value is refused whole; a good one changes the retention. */
    @Modified
    synchronized void modified(BundleContext context, Map<String, Object> properties, NodeConfiguration node) {
        Optional<HubConfig> config = ValidatedConfiguration.readChange(HubConfig.class, PID, properties, LOG, "The hub");
        if (config.isPresent()) {
            deactivate();
            start(context, config.get(), node);
        }
    }

    private void start(BundleContext context, HubConfig config, NodeConfiguration node) {
        String parent = node.parentHostname();
        if (parent.isBlank()) {
            log.retain(UPSTREAM, Duration.ofHours(config.retentionHours()), config.maxEvents());
            Hashtable<String, Object> sink = new Hashtable<>();
            sink.put(SinkFactory.SINK_NAME, UPSTREAM);
            upstreamSink = context.registerService(SinkFactory.class, this::upstream, sink);
            LOG.info("Hub started: $upstream routes end in the event log, retained by the router (next offset {})",
                    log.nextOffset(UPSTREAM));
        } else {
            LOG.warn("The hub role belongs on the top node; this node's parent is {}, so $upstream goes there",
                    parent);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (upstreamSink != null) {
            upstreamSink.unregister();
            upstreamSink = null;
        }
    }

    private Endpoint upstream(String argument) {
        if (argument != null) {
            throw new IllegalArgumentException("$upstream takes no argument, not \"" + argument + "\"");
        }
        return new EventLogEndpoint(followers);
    }

    @Override
    public long nextOffset() {
        return log.nextOffset(UPSTREAM);
    }

    @Override
    public List<Event> read(long fromOffset, int max) {
        return log.read(UPSTREAM, fromOffset, max);
    }

    @Override
    public void follow(String moduleId, EventListener listener) {
        followers.add(moduleId, listener);
    }

    @Override
    public void unfollow(EventListener listener) {
        followers.remove(listener);
    }
}
