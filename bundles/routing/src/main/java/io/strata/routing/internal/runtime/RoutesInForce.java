package io.strata.routing.internal.runtime;

import io.strata.api.routing.InvalidEdgeHubSettingsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code $edgeHub} desired properties the router last put in force, kept beside the message store.
 * The router starts from them, so that desired properties it refused, and refuses again after a
 * restart, do not leave the node without the routes that were in force.
 */
final class RoutesInForce {
    private static final Logger LOG = LoggerFactory.getLogger(RoutesInForce.class);

    private final Path file;

    RoutesInForce(Path file) {
        this.file = file;
    }

    /** The settings last put in force; empty when there are none, or when they cannot be read any more. */
    Optional<EdgeHubSettings> load() {
        try {
            return Optional.of(EdgeHubSettings.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | InvalidEdgeHubSettingsException e) {
            LOG.warn("The routes last in force ({}) cannot be restored: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps the desired properties just put in force; a crash while writing leaves the previous ones. */
    void save(String desired) throws IOException {
        Path written = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(written, desired, StandardCharsets.UTF_8);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
