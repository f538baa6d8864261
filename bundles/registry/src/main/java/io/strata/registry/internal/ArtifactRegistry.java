package io.strata.registry.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pull-through cache: a file the store holds is a hit; a miss asks the remotes in order and the
 * first that has the file (checked against its checksum) fills the store. Repository metadata is asked
 * for again once it is older than its maximum age, and served as it is while the remotes fail.
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
    private final List<ArtifactSource> remotes;
    private final RemoteFetch fetch;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    private final Duration metadataMaxAge;
    private final Clock clock;
    private final Map<String, CompletableFuture<Lookup>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Instant> metadataFetched = new ConcurrentHashMap<>();

    /**
     * @param metadataMaxAge how long fetched {@code maven-metadata.xml} is served before the remotes are
     *                       asked for it again
     */
    ArtifactRegistry(ArtifactStore store, List<ArtifactSource> remotes, RemoteFetch fetch, Duration metadataMaxAge,
            Clock clock) {
        this.store = store;
        this.remotes = List.copyOf(remotes);
        this.fetch = fetch;
        this.metadataMaxAge = metadataMaxAge;
        this.clock = clock;
    }

    /** The file of {@code path}, a relative Maven-layout path checked by {@link RepositoryPaths}. */
    Lookup find(String path) {
        Optional<Path> cached = store.lookUp(path);
        if (cached.isPresent() && !isStale(path)) {
            hits.incrementAndGet();
            return new Found(cached.get());
        }
        if (remotes.isEmpty()) {
            misses.incrementAndGet();
            return new Missing(path + " is not cached and this registry has no remote (remoteUrls)");
        }
        Lookup fetched = fetchOnce(path);
        if (cached.isPresent() && !(fetched instanceof Found)) {
            // metadata the remotes cannot refresh now is still the best answer there is
            hits.incrementAndGet();
            return new Found(cached.get());
        }
        misses.incrementAndGet();
        return fetched;
    }

    /** Several requests for one file that is not cached wait for one fetch, not one fetch each. */
    private Lookup fetchOnce(String path) {
        CompletableFuture<Lookup> mine = new CompletableFuture<>();
        CompletableFuture<Lookup> running = inFlight.putIfAbsent(path, mine);
        if (running != null) {
            return running.join();
        }
        try {
            // a fetch that ended between this request's look-up and now has filled the store already
            Optional<Path> filled = store.lookUp(path);
            Lookup fetched = filled.isPresent() && !isStale(path) ? new Found(filled.get()) : fetchFromRemotes(path);
            mine.complete(fetched);
            return fetched;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(path, mine);
        }
    }

    private Lookup fetchFromRemotes(String path) {
        List<String> failures = new ArrayList<>();
        for (ArtifactSource remote : remotes) {
            RemoteFetch.Outcome outcome = fetch.fetch(remote, path);
            if (outcome instanceof RemoteFetch.Stored) {
                metadataFetched.put(path, clock.instant());
                return store.lookUp(path).<Lookup>map(Found::new).orElseGet(() -> new Unavailable(
                        path + " was fetched but evicted at once by other files (maxSizeMegabytes)"));
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

    /**
     * Whether {@code path} is repository metadata the remotes may have changed since it was fetched:
     * {@code maven-metadata.xml} (and its checksums) lists the versions there are, which grow. Metadata
     * this run has not fetched yet counts as stale.
     */
    private boolean isStale(String path) {
        if (remotes.isEmpty() || !path.substring(path.lastIndexOf('/') + 1).startsWith("maven-metadata")) {
            return false;
        }
        Instant fetched = metadataFetched.get(path);
        return fetched == null || !clock.instant().isBefore(fetched.plus(metadataMaxAge));
    }

    Statistics statistics() {
        return new Statistics(hits.get(), misses.get());
    }

    ArtifactStore store() {
        return store;
    }

    List<ArtifactSource> remotes() {
        return remotes;
    }
}
