package io.strata.blob.internal;

/** What {@code edge:blobs} asks the blob storage for: its store of containers and blobs. */
interface BlobStorage {

    /** @throws IllegalStateException naming why when the storage is not running */
    BlobStore store();
}
