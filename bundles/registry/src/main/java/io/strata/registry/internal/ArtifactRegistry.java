package io.strata.registry.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pull-through cache: a file the store holds is a hit; a miss asks the remotes in order and the
 * first that has the file (checked against its checksum) fills the store.
 */
final class ArtifactRegistry {

    /** Where a request for a file ended. */
    sealed interface Lookup {
    }

    record Found(Path file) implements Lookup {
    }

    /** Neither cached nor on any remote: 404. */
    record Missing(String reason) implements Lookup {
    }

    /** Not cached, and a remote could not be read or served a file that failed its check: 502. */
    record Unavailable(String reason) implements Lookup {
    }

    /** Counters since the registry started. */
    record Statistics(long hits, long misses) {
        double hitRate() {
            return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
        }
    }

    private final ArtifactStore store;
    private final List<Remote> remotes;
    private final RemoteFetch fetch;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    ArtifactRegistry(ArtifactStore store, List<Remote> remotes, RemoteFetch fetch) {
        this.store = store;
        this.remotes = List.copyOf(remotes);
        this.fetch = fetch;
    }

    /** The file of {@code path}, a relative Maven-layout path checked by {@link RepositoryPaths}. */
    Lookup find(String path) throws IOException {
        Optional<Path> cached = store.lookUp(path);
        if (cached.isPresent()) {
            hits.incrementAndGet();
            return new Found(cached.get());
        }
        misses.incrementAndGet();
        if (remotes.isEmpty()) {
            return new Missing(path + " is not cached and this registry has no remote (remoteUrls)");
        }
        List<String> failures = new ArrayList<>();
        for (Remote remote : remotes) {
            RemoteFetch.Outcome outcome = fetch.fetch(remote, path);
            if (outcome instanceof RemoteFetch.Stored) {
                Optional<Path> stored = store.lookUp(path);
                if (stored.isPresent()) {
                    return new Found(stored.get());
                }
                return new Unavailable(path + " was fetched but evicted at once: it is larger than maxSizeMegabytes");
            }
            if (outcome instanceof RemoteFetch.Failed failed) {
                failures.add(failed.reason());
            }
        }
        if (failures.isEmpty()) {
            return new Missing(path + " is neither cached nor on " + remotes);
        }
        return new Unavailable(String.join("; ", failures));
    }

    Statistics statistics() {
        return new Statistics(hits.get(), misses.get());
    }

    ArtifactStore store() {
        return store;
    }

    List<Remote> remotes() {
        return remotes;
    }
}
