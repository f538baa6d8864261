package io.strata.support.internal;

import io.strata.api.support.SupportBundles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The node's support bundle as a service, for {@code edge:support-bundle} and the agent's
 * {@code UploadSupportBundle}: the node's {@code etc/} and log folder, the sections of the services
 * that run.
 */
@Component(service = SupportBundles.class)
public class SupportBundleService implements SupportBundles {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final NodeState node;

    @Activate
    public SupportBundleService(@Reference NodeState node) {
        this.node = node;
    }

    @Override
    public void write(Path target, Instant since, Instant until) throws IOException {
        Path base = Path.of(System.getProperty("karaf.base", "."));
        Path etc = Path.of(System.getProperty("karaf.etc", base.resolve("etc").toString()));
        Path logs = Path.of(System.getProperty("karaf.log", base.resolve("data/log").toString()));
        new SupportBundle(etc, logs, ZoneId.systemDefault(), node.passwordKeys(), node.sections(CHECK_TIMEOUT))
                .write(target, since, until);
    }
}
