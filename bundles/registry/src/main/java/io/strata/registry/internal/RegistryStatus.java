package io.strata.registry.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the registry for the shell.
 *
 * @param files by relative path, their sizes in bytes
 */
record RegistryStatus(Path directory, Map<String, Long> files, long totalBytes, long maxBytes,
        List<ArtifactSource> remotes, ArtifactRegistry.Statistics statistics) {
}
