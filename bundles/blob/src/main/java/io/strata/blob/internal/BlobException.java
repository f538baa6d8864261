package io.strata.blob.internal;

/**
 * A request the blob service refuses, answered in the service's XML error format: the status, the
 * error code the Azure SDKs map to exceptions (the {@code x-ms-error-code} header), and a message
 * that says why.
 */
final class BlobException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String detail;

    BlobException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** @param detail the {@code AuthenticationErrorDetail} of a refused signature; null for none */
    BlobException(int status, String code, String message, String detail) {
        super(message);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String detail() {
        return detail;
    }

    static BlobException containerNotFound(String container) {
        return new BlobException(404, "ContainerNotFound", "The specified container does not exist: " + container);
    }

    static BlobException blobNotFound(String container, String blob) {
        return new BlobException(404, "BlobNotFound", "The specified blob does not exist: " + container + "/" + blob);
    }

    static BlobException badRequest(String code, String message) {
        return new BlobException(400, code, message);
    }
}
