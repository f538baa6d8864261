package io.strata.upstream.internal;

import io.strata.api.certs.CertificateStore;
import io.strata.api.check.HealthCheck;
import io.strata.api.identity.IdentityId;
import io.strata.api.module.CloudToDevice;
import io.strata.api.module.DirectMethods;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeSettings;
import io.strata.api.node.ParentNode;
import io.strata.api.node.ParentSessionFactory;
import io.strata.api.node.UpstreamLink;
import io.strata.api.routing.Endpoint;
import io.strata.api.routing.SinkFactory;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.TwinListener;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream link of a node with a parent ({@code parentHostname} in {@code etc/io.strata.node.cfg}),
 * authenticated by SAS token or client certificate, over the {@link ParentSessionFactory} service of its
 * {@code upstreamProtocol}. Only while it runs are its services there: the {@code $upstream} sink
 * (the top node's hub bundle provides that one) and the {@link UpstreamLink} status. As a
 * {@link TwinListener} it sends reported changes up while the link runs. A changed configuration
 * reconnects.
 */
@Component(service = TwinListener.class, immediate = true, configurationPid = NodeSettings.PID)
public class UpstreamComponent implements TwinListener {

    static final String UPSTREAM = "$upstream";

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamComponent.class);

    @Reference
    private CertificateStore certificates;

    // What the link exchanges with the parent: identities and twin sections of this node's subtree.
    @Reference
    private ParentNode parent;

    // Optional: without an edge hub the parent's calls get a 404 and its c2d messages are refused.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DirectMethods methods;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CloudToDevice cloudToDevice;

    // each protocol's session factory, by its service property: the link uses the one it is configured for
    private final Map<ParentSessionFactory, String> factories = new ConcurrentHashMap<>();

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<ServiceRegistration<HealthCheck>> checks = new ArrayList<>();
    private volatile ParentProbe probe;
    private BundleContext context;
    private UpstreamSettings settings;
    private volatile Upstream upstream;

    @Activate
    synchronized void activate(BundleContext context, NodeConfiguration config) {
        this.context = context;
        apply(config);
        ParentChecks.of(() -> Optional.ofNullable(probe))
                .forEach(check -> checks.add(context.registerService(HealthCheck.class, check, null)));
    }

    @Modified
    synchronized void modified(NodeConfiguration config) {
        apply(config);
    }

    @Deactivate
    synchronized void deactivate() {
        checks.forEach(ServiceRegistration::unregister);
        stop();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSessionFactory(ParentSessionFactory factory, Map<String, Object> properties) {
        factories.put(factory, String.valueOf(properties.get(ParentSessionFactory.PROTOCOL)));
        Upstream link = upstream;
        if (link != null) {
            link.factoryAdded();
        }
    }

    void removeSessionFactory(ParentSessionFactory factory) {
        factories.remove(factory);
        Upstream link = upstream;
        if (link != null) {
            link.factoryRemoved(factory);
        }
    }

    private Optional<ParentSessionFactory> factory(String protocol) {
        return factories.entrySet().stream().filter(entry -> entry.getValue().equals(protocol))
                .map(Map.Entry::getKey).findFirst();
    }

    private void apply(NodeConfiguration config) {
        Optional<UpstreamSettings> next;
        try {
            next = UpstreamSettings.of(config, Path.of(System.getProperty("karaf.etc", "etc")));
        } catch (IllegalArgumentException e) {
            LOG.error("The link to the parent stays down: {}. Fix etc/{}.cfg; it is read again when it changes.",
                    e.getMessage(), NodeSettings.PID);
            stop();
            return;
        }
        if (next.equals(Optional.ofNullable(settings))) {
            return; // nothing the link uses changed
        }
        stop();
        next.ifPresent(this::start);
    }

    private void start(UpstreamSettings next) {
        Clock clock = Clock.systemUTC();
        LocalNodeServices local = new LocalNodeServices(parent, () -> Optional.ofNullable(methods),
                () -> Optional.ofNullable(cloudToDevice));
        // read at every attempt, so renewed certificate files or trust are picked up
        Supplier<SSLContext> tls = next.usesSharedAccessKey() ? certificates::clientSslContext
                : () -> ClientCertificate.sslContext(next, certificates);
        UpstreamToken token = next.usesSharedAccessKey() ? new UpstreamToken(next, UpstreamToken.LIFETIME, clock) : null;
        Upstream link = new Upstream(next, tls, token, local, clock, () -> factory(next.protocol()));
        settings = next;
        upstream = link;
        probe = new ParentProbe(next, tls, link::status);
        Hashtable<String, Object> sink = new Hashtable<>();
        sink.put(SinkFactory.SINK_NAME, UPSTREAM);
        registrations.add(context.registerService(SinkFactory.class,
                argument -> endpoint(link, next.deviceId(), argument), sink));
        registrations.add(context.registerService(UpstreamLink.class, link, null));
        link.start();
        LOG.info("Linking this node to its {}", next);
    }

    private static Endpoint endpoint(Upstream link, String deviceId, String argument) {
        if (argument != null) {
            throw new IllegalArgumentException(UPSTREAM + " takes no argument, not \"" + argument + "\"");
        }
        return new UpstreamEndpoint(link, deviceId);
    }

    private void stop() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
        Upstream stopping = upstream;
        if (stopping != null) {
            upstream = null; // first, so that no reported change reaches a stopped link
            probe = null;
            stopping.stop();
        }
        settings = null;
    }

    /** Desired changes come from the parent and need nothing here. */
    @Override
    public void desiredChanged(DesiredChange change) {
    }

    @Override
    public void reportedChanged(IdentityId identity, long version) {
        Upstream link = upstream;
        if (link != null) {
            link.reportedChanged(identity);
        }
    }
}
