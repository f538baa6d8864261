package io.strata.identity.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Keeps the registry's identities in {@code identities.json} in its directory, across restarts. */
final class IdentityStore {

    private final Path file;

    IdentityStore(Path directory) {
        this.file = directory.resolve("identities.json");
    }

    /** The stored identities; an empty table before the first save. */
    IdentityTable load() {
        if (!Files.exists(file)) {
            return IdentityTable.EMPTY;
        }
        try {
            return IdentityTable.of(IdentityFiles.read(file).toIdentities(id -> Optional.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the identity store " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The identity store " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    void save(IdentityTable table) {
        try {
            IdentityFiles.writeAtomically(file, IdentityDocument.from(table));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the identity store " + file, e);
        }
    }
}
