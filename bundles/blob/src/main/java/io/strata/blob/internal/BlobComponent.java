package io.strata.blob.internal;

import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.proxy.ProxyRoute;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blob storage on the API proxy under {@code /<account>/}, in the spirit of Azure Blob Storage on IoT
 * Edge: the account and key of {@code etc/io.strata.blob.cfg} (as {@code LOCAL_STORAGE_ACCOUNT_NAME}
 * / {@code KEY}), blobs on disk under a size bound, and, when {@code deleteOn}, blobs older than
 * {@code deleteAfterMinutes} deleted as they age (as {@code deviceAutoDeleteProperties}). The route
 * is registered with the proxy under the account's name once the account is configured, so its
 * prefix follows the configuration.
 */
@Component(configurationPid = BlobComponent.PID)
public class BlobComponent implements BlobStorage {

    static final String PID = "io.strata.blob";
    private static final String NAME = "The blob storage";
    private static final Logger LOG = LoggerFactory.getLogger(BlobComponent.class);

    private volatile BlobStore store;
    private volatile ServiceSas serviceSas;
    private volatile String problem = "it is starting";
    private BundleContext context;
    private ServiceRegistration<ProxyRoute> registration;
    private AutoDelete autoDelete;

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties) throws IOException {
        this.context = context;
        BlobConfig config = ValidatedConfiguration.readAtStart(BlobConfig.class, PID, properties, LOG, NAME);
        try {
            start(config, sharedKey(config));
        } catch (IllegalArgumentException e) {
            problem = "etc/" + PID + ".cfg: " + e.getMessage();
            LOG.error("{} serves nothing: {}", NAME, problem);
        }
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) throws IOException {
        var change = ValidatedConfiguration.readChange(BlobConfig.class, PID, properties, LOG, NAME);
        if (change.isEmpty()) {
            return;
        }
        SharedKey sharedKey;
        try {
            sharedKey = sharedKey(change.get());
        } catch (IllegalArgumentException e) {
            LOG.error("etc/{}.cfg: {}. {} keeps its previous settings.", PID, e.getMessage(), NAME);
            return;
        }
        stop();
        start(change.get(), sharedKey);
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
    }

    @Override
    public BlobStore store() {
        return running(store);
    }

    @Override
    public ServiceSas serviceSas() {
        return running(serviceSas);
    }

    private <T> T running(T part) {
        if (part == null) {
            throw new IllegalStateException(NAME + " serves nothing: " + problem);
        }
        return part;
    }

    private void start(BlobConfig config, SharedKey sharedKey) throws IOException {
        Path directory = config.directory().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "strata", "blob")
                : Path.of(config.directory());
        BlobStore started = new BlobStore(directory, config.maxSizeMegabytes() * 1024 * 1024, Clock.systemUTC());
        BlobRoute route = new BlobRoute(sharedKey, started, Clock.systemUTC());
        store = started;
        serviceSas = new ServiceSas(sharedKey);
        registration = context.registerService(ProxyRoute.class, route,
                new Hashtable<>(Map.of(ProxyRoute.PATH_PREFIX, route.prefix())));
        if (config.deleteOn()) {
            autoDelete = new AutoDelete(started, Duration.ofMinutes(config.deleteAfterMinutes()),
                    Duration.ofSeconds(config.deleteCheckSeconds()), Clock.systemUTC());
        }
        LOG.info("{} serves account {} under {} from {} ({} of {} MB used), auto-delete {}", NAME,
                sharedKey.account(), route.prefix(), directory, started.usedBytes() / (1024 * 1024),
                config.maxSizeMegabytes(), config.deleteOn() ? "after " + config.deleteAfterMinutes() + " minutes"
                        : "off");
    }

    private void stop() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        store = null;
        serviceSas = null;
        problem = "it is stopped";
        if (autoDelete != null) {
            autoDelete.close();
            autoDelete = null;
        }
    }

    /** @throws IllegalArgumentException naming the key and what is wrong with its value */
    static SharedKey sharedKey(BlobConfig config) {
        String account = config.accountName().trim();
        if (!account.matches("[a-z0-9]{3,24}")) {
            throw new IllegalArgumentException("accountName = '" + account + "': a storage account's name is 3 to 24 "
                    + "lower-case letters and digits");
        }
        String key = config.accountKey().trim();
        try {
            SharedKey sharedKey = new SharedKey(account, key);
            if (Base64.getDecoder().decode(key).length < 16) {
                throw new IllegalArgumentException("shorter than 16 bytes");
            }
            return sharedKey;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("accountKey (" + key.length() + " characters, not shown) is not a "
                    + "base64 key of at least 16 bytes: " + e.getMessage());
        }
    }
}
