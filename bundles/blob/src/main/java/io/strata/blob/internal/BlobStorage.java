package io.strata.blob.internal;

import java.io.IOException;
import java.util.List;

/** What {@code edge:blobs} asks the blob storage: its containers and blobs, and how full it is. */
interface BlobStorage {

    /** @throws IllegalStateException when the storage is not configured */
    BlobStore store();

    default List<BlobStore.Container> containers() throws IOException {
        return store().containers();
    }
}
