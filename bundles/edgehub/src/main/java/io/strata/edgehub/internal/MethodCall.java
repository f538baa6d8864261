package io.strata.edgehub.internal;

import io.strata.api.json.Json;
import java.time.Duration;

/**
 * The rules a direct method call must follow, whichever transport carries it: a method name that
 * fits one MQTT topic level and one AMQP address segment, a JSON payload, a positive timeout. They
 * are checked here once, before any transport sees the call.
 */
final class MethodCall {

    private MethodCall() {
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static void requireValid(String methodName, String payload, Duration timeout) {
        requireValidName(methodName);
        Json.requireJson("The method payload", payload);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The timeout must be positive, not " + timeout);
        }
    }

    /** @throws IllegalArgumentException when the name is empty or holds {@code / + #} */
    static void requireValidName(String methodName) {
        if (methodName == null || methodName.isEmpty() || methodName.contains("/") || methodName.contains("+")
                || methodName.contains("#")) {
            throw new IllegalArgumentException("Invalid method name '" + methodName
                    + "': it must be one topic level, without / + or #");
        }
    }
}
