package io.strata.blob.internal;

/**
 * The {@code If-Match} / {@code If-None-Match} of a request, as the SDKs use them: an upload that must
 * not overwrite sends {@code If-None-Match: *}, a download in ranges sends {@code If-Match} with the
 * ETag of its first range. Each is null when absent.
 */
record Conditions(String ifMatch, String ifNoneMatch) {

    static final Conditions NONE = new Conditions(null, null);

    static Conditions of(BlobRequest request) {
        return new Conditions(request.header("if-match"), request.header("if-none-match"));
    }

    /** @param existing the blob as it is; null when there is none */
    void checkWrite(StoredBlob existing) throws BlobException {
        if (ifMatch != null && (existing == null || !matches(ifMatch, existing.etag()))) {
            throw notMet();
        }
        if (ifNoneMatch != null && existing != null) {
            if (ifNoneMatch.trim().equals("*")) {
                throw new BlobException(409, "BlobAlreadyExists", "The specified blob already exists: "
                        + existing.container() + "/" + existing.name());
            }
            if (matches(ifNoneMatch, existing.etag())) {
                throw notMet();
            }
        }
    }

    /** Whether a read is answered 304 Not Modified; throws when it is refused with 412. */
    boolean notModified(StoredBlob existing) throws BlobException {
        if (ifMatch != null && !matches(ifMatch, existing.etag())) {
            throw notMet();
        }
        return ifNoneMatch != null && matches(ifNoneMatch, existing.etag());
    }

    private static boolean matches(String condition, String etag) {
        for (String candidate : condition.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static BlobException notMet() {
        return new BlobException(412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) "
                + "is not met.");
    }
}
