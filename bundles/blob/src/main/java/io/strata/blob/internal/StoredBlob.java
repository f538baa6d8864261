package io.strata.blob.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A committed blob: its properties as the service returns them, and the file that holds its bytes.
 *
 * @param contentMd5 base64; null when it has none (a blob committed from blocks without x-ms-blob-content-md5)
 * @param blocks     the blocks it was committed from, in order; empty for a single put
 */
record StoredBlob(String container, String name, long length, BlobHeaders headers, String contentMd5, String etag,
        Instant created, Instant lastModified, Path data, List<Block> blocks) {

    /** A committed block: its id as the client named it, and its length. */
    record Block(String id, long length) {
    }

    Map<String, String> metadata() {
        return headers.metadata();
    }
}
