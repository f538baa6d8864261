package io.strata.hub.internal;

import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.hub.Event;
import io.strata.api.hub.EventLog;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeSettings;
import io.strata.api.routing.Endpoint;
import io.strata.api.routing.SinkFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub role: the event log, and on the top node the {@code $upstream} sink that ends in it. On a
 * node with a parent, {@code $upstream} means that parent, so the sink is left to the upstream link.
 * A change of {@code etc/io.strata.hub.cfg} restarts the component; the log stays on disk.
 */
@Component(service = EventLog.class, immediate = true, configurationPid = {HubComponent.PID, NodeSettings.PID})
public class HubComponent implements EventLog {

    static final String PID = "io.strata.hub";
    static final String UPSTREAM = "$upstream";

    private static final Logger LOG = LoggerFactory.getLogger(HubComponent.class);

    // Replaced when the configuration changes, while shell commands read it.
    private volatile EventStore store;
    private ServiceRegistration<SinkFactory> upstreamSink;

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties, NodeConfiguration node)
            throws IOException {
        start(context, ValidatedConfiguration.readAtStart(HubConfig.class, PID, properties, LOG, "The hub"), node);
    }

    /** A changed configuration with a bad value is refused whole; a good one restarts the event log. */
    @Modified
    synchronized void modified(BundleContext context, Map<String, Object> properties, NodeConfiguration node)
            throws IOException, InterruptedException {
        Optional<HubConfig> config = ValidatedConfiguration.readChange(HubConfig.class, PID, properties, LOG, "The hub");
        if (config.isPresent()) {
            deactivate();
            start(context, config.get(), node);
        }
    }

    private void start(BundleContext context, HubConfig config, NodeConfiguration node) throws IOException {
        Path directory = Path.of(System.getProperty("karaf.data", "data"), "strata", "hub");
        Files.createDirectories(directory);
        store = new EventStore(directory.resolve("events.mv"), Clock.systemUTC(),
                Duration.ofHours(config.retentionHours()), config.maxEvents());
        String parent = node.parentHostname();
        if (parent.isBlank()) {
            Hashtable<String, Object> sink = new Hashtable<>();
            sink.put(SinkFactory.SINK_NAME, UPSTREAM);
            upstreamSink = context.registerService(SinkFactory.class, this::upstream, sink);
            LOG.info("Hub started: $upstream routes end in the event log {} (next offset {})", directory,
                    store.nextOffset());
        } else {
            LOG.warn("The hub role belongs on the top node; this node's parent is {}, so $upstream goes there",
                    parent);
        }
    }

    @Deactivate
    synchronized void deactivate() throws InterruptedException {
        if (upstreamSink != null) {
            upstreamSink.unregister();
            upstreamSink = null;
        }
        store.close();
    }

    private Endpoint upstream(String argument) {
        if (argument != null) {
            throw new IllegalArgumentException("$upstream takes no argument, not \"" + argument + "\"");
        }
        return new EventLogEndpoint(store);
    }

    @Override
    public long nextOffset() {
        return store.nextOffset();
    }

    @Override
    public List<Event> read(long fromOffset, int max) {
        return store.read(fromOffset, max);
    }
}
