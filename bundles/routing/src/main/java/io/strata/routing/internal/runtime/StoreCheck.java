package io.strata.routing.internal.runtime;

import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The message store can take what it is allowed to hold: its folder is writable and forced writes
 * succeed, and the disk has room for the store to grow to its bound.
 */
final class StoreCheck implements HealthCheck {

    /** Where the store is and how large it may grow. */
    record Store(Path directory, long maxBytes) {
    }

    private static final String CONFIG = "etc/" + RoutingComponent.PID + ".cfg";

    private final Supplier<Optional<Store>> store;

    StoreCheck(Supplier<Optional<Store>> store) {
        this.store = store;
    }

    @Override
    public String group() {
        return CONFIGURATION;
    }

    @Override
    public String id() {
        return "store";
    }

    @Override
    public String description() {
        return "message store is writable and its disk has room for its bound";
    }

    @Override
    public CheckResult check() {
        Optional<Store> current = store.get();
        if (current.isEmpty()) {
            return CheckResult.error("the router is not running", "the log says why; fix " + CONFIG);
        }
        Path directory = current.get().directory();
        long used;
        long usable;
        try {
            writeAndForce(directory);
            used = bytesIn(directory);
            usable = Files.getFileStore(directory).getUsableSpace();
        } catch (IOException | UncheckedIOException e) {
            return CheckResult.error(directory + " cannot be written: " + e.getMessage(),
                    "give the Karaf user write access to it, or set storeDirectory in " + CONFIG);
        }
        long growth = Math.max(0, current.get().maxBytes() - used);
        String state = directory + " holds " + megabytes(used) + " of at most " + megabytes(current.get().maxBytes())
                + "; " + megabytes(usable) + " free on its disk";
        if (usable < growth) {
            return CheckResult.warning(state, "free disk space or lower maxStoreBytes in " + CONFIG
                    + ", else the disk fills before the store reaches its bound");
        }
        return CheckResult.ok(state);
    }

    private static void writeAndForce(Path directory) throws IOException {
        Path probe = Files.createTempFile(directory, ".check", ".tmp");
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1}));
            channel.force(true);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static long bytesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
