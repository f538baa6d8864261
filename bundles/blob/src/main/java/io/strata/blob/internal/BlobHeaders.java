package io.strata.blob.internal;

import java.util.Map;

/**
 * What a client sets on a blob and gets back on every read: the standard content headers and its
 * user metadata ({@code x-ms-meta-*}). Each may be null.
 */
record BlobHeaders(String contentType, String contentEncoding, String contentLanguage, String cacheControl,
        String contentDisposition, Map<String, String> metadata) {

    /**
     * The headers of a Put Blob (the request's own {@code Content-*} headers, or the {@code x-ms-blob-*} ones)
     * or of a Put Block List (only the {@code x-ms-blob-*} ones: the request's describe the XML).
     */
    static BlobHeaders of(BlobRequest request, boolean fromTheRequestsOwn) {
        return new BlobHeaders(pick(request, "x-ms-blob-content-type", "content-type", fromTheRequestsOwn),
                pick(request, "x-ms-blob-content-encoding", "content-encoding", fromTheRequestsOwn),
                pick(request, "x-ms-blob-content-language", "content-language", fromTheRequestsOwn),
                pick(request, "x-ms-blob-cache-control", "cache-control", fromTheRequestsOwn),
                pick(request, "x-ms-blob-content-disposition", "content-disposition", fromTheRequestsOwn),
                request.metadata());
    }

    private static String pick(BlobRequest request, String blobHeader, String ownHeader, boolean own) {
        String value = request.header(blobHeader);
        return value == null && own ? request.header(ownHeader) : value;
    }
}
