package io.strata.api.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes the node's support bundle: a zip with its logs, its settings without secrets, the check
 * results, topology, queues, modules, clients, certificates, versions, memory and threads.
 */
@ProviderType
public interface SupportBundles {

    /**
     * Writes the zip to {@code target} whole (a temporary file next to it, renamed) or not at all.
     *
     * @param since only the log lines from then on; null for all
     * @param until only the log lines before then; null for all
     * @throws IOException naming {@code target} when it cannot be written
     */
    void write(Path target, Instant since, Instant until) throws IOException;
}
