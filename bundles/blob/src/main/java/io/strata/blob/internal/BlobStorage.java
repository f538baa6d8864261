package io.strata.blob.internal;

/** What the {@code edge:blobs} and {@code edge:blob-sas} commands ask the blob storage for. */
interface BlobStorage {

    /**
     * The store of containers and blobs.
     *
     * @throws IllegalStateException naming why when the storage is not running
     */
    BlobStore store();

    /**
     * The signer of the account's SAS.
     *
     * @throws IllegalStateException naming why when the storage is not running
     */
    ServiceSas serviceSas();
}
