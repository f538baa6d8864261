package io.strata.api.module;

import io.strata.api.json.Json;
import java.time.Duration;

/**
 * The answer to a direct method: an HTTP-like status (200 success, 404 no such target or method,
 * 504 the target did not answer in time) and a JSON payload.
 */
public record MethodResult(int status, String payload) {

    public static final int NOT_FOUND = 404;
    public static final int TIMEOUT = 504;

    /** {@link #TIMEOUT}, saying that {@code target} did not answer {@code methodName} within {@code timeout}. */
    public static MethodResult timedOut(Object target, String methodName, Duration timeout) {
        String within = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " seconds" : timeout.toMillis() + " ms";
        return new MethodResult(TIMEOUT, Json.message(target + " did not answer " + methodName + " within " + within));
    }
}
