package io.strata.registry.internal;

import java.io.IOException;
import java.nio.file.Path;

/** The running registry, as the {@code edge:registry} commands see it. */
interface Registry {

    /** What is cached, the bound, the remotes and the hit rate. */
    RegistryStatus status();

    /** Loads the artifacts of a KAR or a Maven-layout folder into the cache. */
    ArtifactImport.Result importFrom(Path source) throws IOException;
}
