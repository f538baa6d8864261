package io.strata.api.module;

/**
 * The answer to a direct method: an HTTP-like status (200 success, 404 no such target or method,
 * 504 the target did not answer in time) and a JSON payload.
 */
public record MethodResult(int status, String payload) {

    public static final int NOT_FOUND = 404;
    public static final int TIMEOUT = 504;
}
