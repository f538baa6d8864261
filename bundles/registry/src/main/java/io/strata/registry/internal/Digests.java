package io.strata.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-1 and length of a file as it streams by; and the SHA-256 of a file on disk. */
final class Digests {

    private final MessageDigest sha1 = digest("SHA-1");
    private long length;

    void update(byte[] bytes, int offset, int count) {
        sha1.update(bytes, offset, count);
        length += count;
    }

    long length() {
        return length;
    }

    String sha1() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha1.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("The JDK's SHA-1 can be cloned", e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha256 = digest("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) >= 0;) {
                sha256.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has " + algorithm, e);
        }
    }
}
