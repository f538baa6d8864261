package io.strata.certs.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.api.certs.CertificateAuthority;
import io.strata.api.certs.CertificateStore;
import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;

/**
 * Sets up the node's certificates from {@code etc/io.strata.certs.cfg} and the node's hostname,
 * renews the server certificate in time, and offers the {@link CertificateStore} service once the
 * certificates are usable. It registers that service itself rather than through DS: with a bad
 * configuration it logs why and stays without a service (or keeps the certificates it had),
 * instead of failing activation. Because DS does not register it, the bundle advertises the
 * service itself, so that features whose components require it resolve.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.strata.api.certs.CertificateStore",
        uses = CertificateStore.class)
@Component(configurationPid = {CertificateStoreComponent.PID, NodeSettings.PID})
public class CertificateStoreComponent {

    static final String PID = "io.strata.certs";

    private static final Logger LOG = LoggerFactory.getLogger(CertificateStoreComponent.class);
    // Renewal is checked at least this often, so a changed system clock is noticed within the hour.
    private static final Duration LONGEST_CHECK_INTERVAL = Duration.ofHours(1);
    // ... and at most this often, so a failing renewal does not flood the log.
    private static final Duration SHORTEST_CHECK_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock = Clock.systemUTC();

    @Reference
    private CertificateAuthority authority;

    private BundleContext bundleContext;
    private NodeCertificateStore store;
    private ScheduledExecutorService renewals;
    private ScheduledFuture<?> nextRenewalCheck;
    private ServiceRegistration<CertificateStore> registration;

    @Activate
    synchronized void activate(BundleContext bundleContext, Map<String, Object> properties, NodeConfiguration node)
            throws GeneralSecurityException {
        this.bundleContext = bundleContext;
        store = new NodeCertificateStore(authority, clock);
        renewals = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "strata-certificate-renewal"));
        apply(ValidatedConfiguration.readAtStart(CertificatesConfig.class, PID, properties, LOG, "The certificate store"),
                node);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties, NodeConfiguration node) {
        ValidatedConfiguration.readChange(CertificatesConfig.class, PID, properties, LOG, "The certificate store")
                .ifPresent(config -> apply(config, node));
    }

    @Deactivate
    synchronized void deactivate() {
        renewals.shutdownNow();
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    private void apply(CertificatesConfig config, NodeConfiguration node) {
        NodeChain chain;
        try {
            ServerCertificateSettings settings = serverCertificateSettings(config, node);
            chain = chain(config);
            store.configure(chain, settings);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            LOG.error("Cannot set up the node's certificates: {}. {}", e.getMessage(), registration == null
                    ? "No TLS listener can start until this is fixed."
                    : "The node keeps using the certificates it had.");
            return;
        }
        if (chain.development()) {
            LOG.warn("No certificates are configured in etc/{}.cfg: the node uses a development chain from {}. "
                    + "Do not use it in production.", PID, developmentDirectory());
        }
        if (registration == null) {
            registration = bundleContext.registerService(CertificateStore.class, store, null);
        }
        scheduleRenewalCheck();
    }

    private NodeChain chain(CertificatesConfig config) throws IOException, GeneralSecurityException {
        List<String> files = List.of(config.trustBundle(), config.deviceCaCert(), config.deviceCaKey());
        if (files.stream().allMatch(String::isBlank)) {
            return new DevelopmentChain(developmentDirectory(), authority, clock).loadOrCreate();
        }
        if (files.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("etc/" + PID + ".cfg must set trustBundle, deviceCaCert and deviceCaKey "
                    + "together, or none of them for a development chain");
        }
        return new NodeChain(PemFiles.readCertificates(Path.of(config.trustBundle().trim())),
                authority.load(Path.of(config.deviceCaCert().trim()), Path.of(config.deviceCaKey().trim()),
                        config.deviceCaKeyPassword().toCharArray()),
                false);
    }

    private static ServerCertificateSettings serverCertificateSettings(CertificatesConfig config,
            NodeConfiguration node) {
        return new ServerCertificateSettings(NodeNames.of(node).hostname(),
                commaSeparated(config.serverCertDnsNames()), commaSeparated(config.serverCertIpAddresses()),
                Duration.ofDays(config.serverCertDays()), config.serverCertKeyAlgorithm(), config.serverCertRenewalShare());
    }

    /** A .cfg file gives a list as one comma-separated string; Config Admin may give an array. */
    private static List<String> commaSeparated(String[] values) {
        return Arrays.stream(values).flatMap(value -> Stream.of(value.split(","))).map(String::trim)
                .filter(value -> !value.isEmpty()).toList();
    }

    private static Path developmentDirectory() {
        return Path.of(System.getProperty("karaf.data", "data"), "strata", "certs");
    }

    private void scheduleRenewalCheck() {
        if (nextRenewalCheck != null) {
            nextRenewalCheck.cancel(false);
        }
        Duration untilRenewal = Duration.between(clock.instant(), store.renewalTime());
        long delay = Math.max(SHORTEST_CHECK_INTERVAL.toSeconds(),
                Math.min(untilRenewal.toSeconds(), LONGEST_CHECK_INTERVAL.toSeconds()));
        nextRenewalCheck = renewals.schedule(this::renewIfDue, delay, TimeUnit.SECONDS);
    }

    private synchronized void renewIfDue() {
        if (renewals.isShutdown()) {
            return;
        }
        try {
            if (store.renewIfDue()) {
                LOG.info("Renewed the edge hub server certificate; the new one is valid until {}",
                        store.serverCertificateChain().get(0).getNotAfter().toInstant());
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.error("Cannot renew the edge hub server certificate, trying again later: {}", e.getMessage(), e);
        }
        scheduleRenewalCheck();
    }
}
