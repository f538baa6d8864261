package io.strata.routing.internal.store;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The fixed-size buffers that appends fill and the committer writes, reused. A batch that grows while the disk
 * forces takes more chunks instead of one buffer doubling: no copy as it grows, and no buffer of half a G1 region
 * or more (512 KiB in a small heap), which G1 allocates outside the young generation and may start a concurrent
 * cycle for. Guarded by the log's lock.
 */
final class WriteChunks {
    static final int CHUNK_BYTES = 128 * 1024;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final int maxFree;

    /** @param maxFree how many chunks to keep for reuse; the bytes an idle log holds */
    WriteChunks(int maxFree) {
        this.maxFree = maxFree;
    }

    /** An empty chunk, or a buffer of its own for a record larger than a chunk. */
    ByteBuffer take(int atLeast) {
        if (atLeast > CHUNK_BYTES) {
            return ByteBuffer.allocate(atLeast);
        }
        ByteBuffer chunk = free.pollFirst();
        return chunk != null ? chunk.clear() : ByteBuffer.allocate(CHUNK_BYTES);
    }

    /** Chunks the committer has written, for reuse. */
    void give(List<ByteBuffer> written) {
        for (ByteBuffer chunk : written) {
            if (chunk.capacity() == CHUNK_BYTES && free.size() < maxFree) {
                free.addFirst(chunk);
            }
        }
    }

    int free() {
        return free.size();
    }
}
