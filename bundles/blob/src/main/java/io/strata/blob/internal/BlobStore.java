package io.strata.blob.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Containers and blobs on disk under a size bound. Bodies stream to a file in {@code tmp/} as they
 * come (checked against their MD5 and CRC64 on the way), are forced to disk and only then renamed into
 * place, and a blob's properties file, written the same way, is the commit point: a blob is there
 * whole or not at all. Uncommitted blocks wait in a folder of their blob until a block list commits
 * them. Layout: {@code containers/<container>/container.properties}, {@code blobs/<key>.properties}
 * and {@code blobs/<key>.<etag>.data}, {@code blocks/<key>/<block id in hex>}, where the key is the
 * SHA-256 of the blob's name (names are up to 1024 characters and may hold {@code /}).
 */
final class BlobStore {

    /** Names of containers as the service allows them. */
    private static final Pattern CONTAINER_NAME = Pattern.compile("^(?=.{3,63}$)[a-z0-9](?:-?[a-z0-9])*$");
    private static final int MAX_BLOB_NAME = 1024;
    private static final int MAX_BLOCK_ID_BYTES = 64;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final String PROPERTIES = ".properties";
    private static final String META = "meta.";

    /** Which copy of a block a block list names. */
    enum BlockList {
        COMMITTED, UNCOMMITTED, LATEST
    }

    /** One entry of a block list. */
    record BlockReference(String id, BlockList list) {
    }

    /** The checks a request asks for on its body; each null when not asked. */
    record BodyChecks(byte[] md5, byte[] crc64) {
    }

    /** A container and what it holds. */
    record Container(String name, String etag, Instant lastModified, int blobs, long bytes) {
    }

    private final Path root;
    private final Path containers;
    private final Path tmp;
    private final long maxBytes;
    private final Clock clock;
    private long usedBytes;
    private long lastEtag;

    /** @throws IOException when the folder cannot be made or read */
    BlobStore(Path root, long maxBytes, Clock clock) throws IOException {
        this.root = root;
        this.containers = root.resolve("containers");
        this.tmp = root.resolve("tmp");
        this.maxBytes = maxBytes;
        this.clock = clock;
        Files.createDirectories(containers);
        Files.createDirectories(tmp);
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path leftover : leftovers.toList()) {
                deleteTree(leftover); // writes and container deletes cut short by a stop
            }
        }
        try (Stream<Path> files = Files.walk(containers)) {
            usedBytes = files.filter(Files::isRegularFile).filter(file -> !file.toString().endsWith(PROPERTIES))
                    .mapToLong(BlobStore::size).sum();
        }
    }

    Path root() {
        return root;
    }

    long maxBytes() {
        return maxBytes;
    }

    synchronized long usedBytes() {
        return usedBytes;
    }

    synchronized Container createContainer(String name) throws BlobException, IOException {
        checkContainerName(name);
        Path folder = containers.resolve(name);
        if (Files.exists(folder)) {
            throw new BlobException(409, "ContainerAlreadyExists", "The specified container already exists: " + name);
        }
        Files.createDirectories(folder.resolve("blobs"));
        Files.createDirectories(folder.resolve("blocks"));
        Properties properties = new Properties();
        properties.setProperty("etag", nextEtag());
        properties.setProperty("lastModified", Long.toString(clock.millis()));
        writeProperties(folder.resolve("container" + PROPERTIES), properties);
        return container(name);
    }

    synchronized Container container(String name) throws BlobException, IOException {
        Path folder = existingContainer(name);
        Properties properties = readProperties(folder.resolve("container" + PROPERTIES));
        List<StoredBlob> blobs = blobs(name);
        return new Container(name, properties.getProperty("etag"),
                Instant.ofEpochMilli(Long.parseLong(properties.getProperty("lastModified"))), blobs.size(),
                blobs.stream().mapToLong(StoredBlob::length).sum());
    }

    synchronized List<Container> containers() throws IOException {
        List<Container> all = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(containers)) {
            for (Path folder : folders) {
                try {
                    all.add(container(folder.getFileName().toString()));
                } catch (BlobException deletedMeanwhile) {
                    // not there any more
                }
            }
        }
        all.sort(Comparator.comparing(Container::name));
        return all;
    }

    synchronized void deleteContainer(String name) throws BlobException, IOException {
        Path folder = existingContainer(name);
        Path doomed = tmp.resolve("deleted-" + name + "-" + System.nanoTime());
        Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
        usedBytes -= deleteTree(doomed);
    }

    /** Every committed blob of a container, by name. */
    synchronized List<StoredBlob> blobs(String container) throws BlobException, IOException {
        Path folder = existingContainer(container).resolve("blobs");
        List<StoredBlob> blobs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + PROPERTIES)) {
            for (Path file : files) {
                blobs.add(toBlob(container, file, readProperties(file)));
            }
        }
        blobs.sort(Comparator.comparing(StoredBlob::name));
        return blobs;
    }

    /** Whether the blob exists; false too when its container or name is not valid (the request then fails on it). */
    synchronized boolean exists(String container, String name) {
        try {
            return Files.exists(propertiesOf(container, name));
        } catch (BlobException e) {
            return false;
        }
    }

    synchronized StoredBlob blob(String container, String name) throws BlobException, IOException {
        Path file = propertiesOf(container, name);
        if (!Files.exists(file)) {
            throw BlobException.blobNotFound(container, name);
        }
        return toBlob(container, file, readProperties(file));
    }

    /**
     * Put Blob: the body, {@code length} bytes (-1 when unknown), becomes the blob whole once it is all on disk
     * and matches the checks.
     */
    StoredBlob putBlob(String container, String name, InputStream body, long length, BlobHeaders headers,
            String contentMd5, BodyChecks checks, Conditions conditions) throws BlobException, IOException {
        checkBlobName(name);
        Written written = write(container, body, length, checks);
        try {
            String md5 = contentMd5 != null ? contentMd5 : Base64.getEncoder().encodeToString(written.md5());
            if (contentMd5 != null && !contentMd5.equals(Base64.getEncoder().encodeToString(written.md5()))) {
                throw md5Mismatch();
            }
            return commit(container, name, written, headers, md5, List.of(), conditions);
        } finally {
            written.discard();
        }
    }

    /** Put Block: the body waits beside the blob until a block list names it; returns its MD5. */
    byte[] putBlock(String container, String name, String blockId, InputStream body, long length, BodyChecks checks)
            throws BlobException, IOException {
        checkBlobName(name);
        Path file = blockFile(container, name, blockId);
        Written written = write(container, body, length, checks);
        try {
            synchronized (this) {
                existingContainer(container);
                Files.createDirectories(file.getParent());
                long replaced = Files.exists(file) ? Files.size(file) : 0;
                Files.move(written.file(), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                usedBytes -= replaced;
                written.kept();
            }
            return written.md5();
        } finally {
            written.discard();
        }
    }

    /**
     * Put Block List: the named blocks, in order, become the blob in one rename; the blob's uncommitted blocks
     * that the list does not name are discarded, as the service does.
     */
    StoredBlob putBlockList(String container, String name, List<BlockReference> references, BlobHeaders headers,
            String contentMd5, Conditions conditions) throws BlobException, IOException {
        checkBlobName(name);
        StoredBlob previous;
        synchronized (this) {
            existingContainer(container);
            previous = Files.exists(propertiesOf(container, name)) ? blob(container, name) : null;
        }
        Path assembled = Files.createTempFile(tmp, "blocklist-", ".data");
        List<StoredBlob.Block> blocks = new ArrayList<>();
        long length = 0;
        try (FileChannel out = FileChannel.open(assembled, StandardOpenOption.WRITE)) {
            for (BlockReference reference : references) {
                length += append(out, container, name, previous, reference, blocks);
            }
            out.force(true);
        } catch (BlobException | IOException | RuntimeException e) {
            Files.deleteIfExists(assembled);
            throw e;
        }
        Written written = new Written(assembled, length, null);
        synchronized (this) {
            usedBytes += length; // the blocks it came from leave in commit()
        }
        try {
            return commit(container, name, written, headers, contentMd5, blocks, conditions);
        } finally {
            written.discard();
        }
    }

    synchronized void deleteBlob(String container, String name, Conditions conditions)
            throws BlobException, IOException {
        StoredBlob blob = blob(container, name);
        conditions.checkWrite(blob);
        delete(blob);
    }

    /** Deletes the blobs, and the uncommitted blocks, last changed before {@code cutoff}; returns how many blobs. */
    synchronized int deleteOlderThan(Instant cutoff) throws IOException {
        int deleted = 0;
        for (Container container : containers()) {
            try {
                for (StoredBlob blob : blobs(container.name())) {
                    if (blob.lastModified().isBefore(cutoff)) {
                        delete(blob);
                        deleted++;
                    }
                }
                try (DirectoryStream<Path> pending = Files.newDirectoryStream(
                        containers.resolve(container.name()).resolve("blocks"))) {
                    for (Path blocks : pending) {
                        if (Files.getLastModifiedTime(blocks).toInstant().isBefore(cutoff)) {
                            usedBytes -= deleteTree(blocks);
                        }
                    }
                }
            } catch (BlobException deletedMeanwhile) {
                // the container went while we looked
            }
        }
        return deleted;
    }

    /** The blob's new state, committed by renaming its properties file over the old one. */
    private synchronized StoredBlob commit(String container, String name, Written written, BlobHeaders headers,
            String contentMd5, List<StoredBlob.Block> blocks, Conditions conditions)
            throws BlobException, IOException {
        Path folder = existingContainer(container);
        Path propertiesFile = propertiesOf(container, name);
        StoredBlob previous = Files.exists(propertiesFile) ? toBlob(container, propertiesFile,
                readProperties(propertiesFile)) : null;
        conditions.checkWrite(previous);
        String etag = nextEtag();
        Instant now = clock.instant();
        String key = key(name);
        Path data = folder.resolve("blobs").resolve(key + "." + etag.replace("\"", "") + ".data");
        Files.move(written.file(), data, StandardCopyOption.ATOMIC_MOVE);
        written.kept();
        Properties properties = new Properties();
        properties.setProperty("name", name);
        properties.setProperty("length", Long.toString(written.length()));
        properties.setProperty("etag", etag);
        properties.setProperty("created", Long.toString(previous == null ? now.toEpochMilli()
                : previous.created().toEpochMilli()));
        properties.setProperty("lastModified", Long.toString(now.toEpochMilli()));
        properties.setProperty("data", data.getFileName().toString());
        set(properties, "contentMd5", contentMd5);
        set(properties, "contentType", headers.contentType() == null ? "application/octet-stream"
                : headers.contentType());
        set(properties, "contentEncoding", headers.contentEncoding());
        set(properties, "contentLanguage", headers.contentLanguage());
        set(properties, "cacheControl", headers.cacheControl());
        set(properties, "contentDisposition", headers.contentDisposition());
        headers.metadata().forEach((metaName, value) -> properties.setProperty(META + metaName, value));
        properties.setProperty("blocks", String.join(",", blocks.stream()
                .map(block -> block.id() + ":" + block.length()).toList()));
        writeProperties(propertiesFile, properties);
        if (previous != null) {
            Files.deleteIfExists(previous.data());
            usedBytes -= previous.length();
        }
        usedBytes -= deleteTree(folder.resolve("blocks").resolve(key));
        return toBlob(container, propertiesFile, properties);
    }

    private long append(FileChannel out, String container, String name, StoredBlob previous, BlockReference reference,
            List<StoredBlob.Block> blocks) throws BlobException, IOException {
        if (reference.list() != BlockList.COMMITTED) {
            Path uncommitted = blockFile(container, name, reference.id());
            if (Files.exists(uncommitted)) {
                try (FileChannel in = FileChannel.open(uncommitted, StandardOpenOption.READ)) {
                    long length = transfer(in, 0, in.size(), out);
                    blocks.add(new StoredBlob.Block(reference.id(), length));
                    return length;
                }
            }
        }
        if (reference.list() != BlockList.UNCOMMITTED && previous != null) {
            long offset = 0;
            for (StoredBlob.Block block : previous.blocks()) {
                if (block.id().equals(reference.id())) {
                    try (FileChannel in = FileChannel.open(previous.data(), StandardOpenOption.READ)) {
                        transfer(in, offset, block.length(), out);
                    }
                    blocks.add(block);
                    return block.length();
                }
                offset += block.length();
            }
        }
        throw BlobException.badRequest("InvalidBlockList", "The specified block list is invalid: block '"
                + reference.id() + "' is not among the " + reference.list().name().toLowerCase()
                + " blocks of " + container + "/" + name);
    }

    private static long transfer(FileChannel in, long offset, long length, FileChannel out) throws IOException {
        long done = 0;
        while (done < length) {
            done += in.transferTo(offset + done, length - done, out);
        }
        return length;
    }

    /** Streams a body to a file in tmp/, counting it against the bound as it comes. */
    private Written write(String container, InputStream body, long length, BodyChecks checks)
            throws BlobException, IOException {
        synchronized (this) {
            existingContainer(container);
        }
        if (length > 0) {
            reserve(length);
        }
        MessageDigest md5 = md5();
        Crc64 crc64 = new Crc64();
        Path file = Files.createTempFile(tmp, "upload-", ".data");
        long written = 0;
        long reserved = Math.max(length, 0);
        boolean complete = false;
        try (OutputStream out = Channels.newOutputStream(FileChannel.open(file, StandardOpenOption.WRITE))) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                if (written + read > reserved) {
                    if (length >= 0) {
                        throw BlobException.badRequest("InvalidInput", "The body is longer than its Content-Length "
                                + length);
                    }
                    reserve(read);
                    reserved += read;
                }
                out.write(buffer, 0, read);
                md5.update(buffer, 0, read);
                crc64.update(buffer, 0, read);
                written += read;
            }
            out.flush();
            if (length >= 0 && written != length) {
                throw BlobException.badRequest("InvalidInput", "The body ended after " + written + " of its "
                        + "Content-Length " + length + " bytes");
            }
            byte[] digest = md5.digest();
            if (checks.md5() != null && !Arrays.equals(checks.md5(), digest)) {
                throw md5Mismatch();
            }
            if (checks.crc64() != null && !Arrays.equals(checks.crc64(), crc64.bytes())) {
                throw BlobException.badRequest("Crc64Mismatch", "The CRC64 value specified in the request did not "
                        + "match with the CRC64 value calculated by the server.");
            }
            complete = true;
            return new Written(file, written, digest);
        } finally {
            if (complete) {
                force(file);
            } else {
                Files.deleteIfExists(file);
                release(reserved);
            }
        }
    }

    private synchronized void reserve(long bytes) throws BlobException {
        if (usedBytes + bytes > maxBytes) {
            throw new BlobException(507, "InsufficientStorage", "The blob storage holds " + usedBytes + " of its "
                    + maxBytes + " bytes (maxSizeMegabytes); " + bytes + " more do not fit");
        }
        usedBytes += bytes;
    }

    private synchronized void release(long bytes) {
        usedBytes -= bytes;
    }

    private void delete(StoredBlob blob) throws IOException {
        Files.deleteIfExists(blob.data().resolveSibling(key(blob.name()) + PROPERTIES));
        Files.deleteIfExists(blob.data());
        usedBytes -= blob.length();
    }

    private Path existingContainer(String name) throws BlobException {
        checkContainerName(name);
        Path folder = containers.resolve(name);
        if (!Files.isDirectory(folder)) {
            throw BlobException.containerNotFound(name);
        }
        return folder;
    }

    private Path propertiesOf(String container, String name) throws BlobException {
        return existingContainer(container).resolve("blobs").resolve(key(name) + PROPERTIES);
    }

    private Path blockFile(String container, String name, String blockId) throws BlobException {
        byte[] id;
        try {
            id = Base64.getDecoder().decode(blockId);
        } catch (IllegalArgumentException e) {
            id = new byte[0];
        }
        if (id.length == 0 || id.length > MAX_BLOCK_ID_BYTES) {
            throw BlobException.badRequest("InvalidQueryParameterValue", "The block id '" + blockId + "' is not "
                    + "base64 of 1 to " + MAX_BLOCK_ID_BYTES + " bytes");
        }
        return existingContainer(container).resolve("blocks").resolve(key(name))
                .resolve(HexFormat.of().formatHex(blockId.getBytes(StandardCharsets.UTF_8)));
    }

    private StoredBlob toBlob(String container, Path file, Properties properties) {
        Map<String, String> metadata = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(name -> name.startsWith(META))
                .forEach(name -> metadata.put(name.substring(META.length()), properties.getProperty(name)));
        List<StoredBlob.Block> blocks = new ArrayList<>();
        for (String block : properties.getProperty("blocks", "").split(",")) {
            if (!block.isEmpty()) {
                int colon = block.lastIndexOf(':');
                blocks.add(new StoredBlob.Block(block.substring(0, colon), Long.parseLong(block.substring(colon + 1))));
            }
        }
        return new StoredBlob(container, properties.getProperty("name"), Long.parseLong(properties.getProperty("length")),
                new BlobHeaders(properties.getProperty("contentType"), properties.getProperty("contentEncoding"),
                        properties.getProperty("contentLanguage"), properties.getProperty("cacheControl"),
                        properties.getProperty("contentDisposition"), metadata),
                properties.getProperty("contentMd5"), properties.getProperty("etag"),
                Instant.ofEpochMilli(Long.parseLong(properties.getProperty("created"))),
                Instant.ofEpochMilli(Long.parseLong(properties.getProperty("lastModified"))),
                file.resolveSibling(properties.getProperty("data")), blocks);
    }

    private String nextEtag() {
        lastEtag = Math.max(lastEtag + 1, clock.millis() * 10_000);
        return "\"0x" + Long.toHexString(lastEtag).toUpperCase() + "\"";
    }

    private void writeProperties(Path file, Properties properties) throws IOException {
        Path written = Files.createTempFile(tmp, "properties-", PROPERTIES);
        try {
            try (Writer out = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
                properties.store(out, null);
            }
            force(written);
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(written);
        }
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    private static void set(Properties properties, String name, String value) {
        if (value != null) {
            properties.setProperty(name, value);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Deletes a folder or file and all below it; returns the bytes of the data and block files it held. */
    private static long deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return 0;
        }
        long bytes = 0;
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(path) && !path.toString().endsWith(PROPERTIES)) {
                    bytes += size(path);
                }
                Files.deleteIfExists(path);
            }
        }
        return bytes;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkContainerName(String name) throws BlobException {
        if (name == null || !CONTAINER_NAME.matcher(name).matches()) {
            throw BlobException.badRequest("InvalidResourceName", "The specified resource name contains invalid "
                    + "characters: a container's name is 3 to 63 lower-case letters, digits and single hyphens, "
                    + "not '" + name + "'");
        }
    }

    private static void checkBlobName(String name) throws BlobException {
        if (name.length() > MAX_BLOB_NAME) {
            throw BlobException.badRequest("InvalidResourceName", "A blob's name is at most " + MAX_BLOB_NAME
                    + " characters, this one has " + name.length());
        }
    }

    private static String key(String name) {
        return HexFormat.of().formatHex(md("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest md5() {
        return md("MD5");
    }

    private static MessageDigest md(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    private static BlobException md5Mismatch() {
        return BlobException.badRequest("Md5Mismatch", "The MD5 value specified in the request did not match with "
                + "the MD5 value calculated by the server.");
    }

    /** A body on disk in tmp/, counted against the bound until it is kept or discarded. */
    private final class Written {

        private final Path file;
        private final long length;
        private final byte[] md5;
        private boolean kept;

        Written(Path file, long length, byte[] md5) {
            this.file = file;
            this.length = length;
            this.md5 = md5;
        }

        Path file() {
            return file;
        }

        long length() {
            return length;
        }

        byte[] md5() {
            return md5;
        }

        void kept() {
            kept = true;
        }

        /** Deletes the file and gives back its bytes unless it was kept. */
        void discard() throws IOException {
            if (!kept) {
                Files.deleteIfExists(file);
                release(length);
            }
        }
    }
}
