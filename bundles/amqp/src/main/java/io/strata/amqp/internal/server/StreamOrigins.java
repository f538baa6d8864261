package io.strata.amqp.internal.server;

import io.strata.api.identity.IdentityId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The origins an edge device's telemetry stream ({@link io.strata.amqp.internal.protocol.AmqpNames#ORIGIN_STREAM})
 * may carry, each checked once per link rather than once per message; forgotten when identities change.
 * On the connection's event loop only.
 */
final class StreamOrigins {

    private final Map<IdentityId, Boolean> permitted = new HashMap<>();

    /** Whether {@code origin} may send on the stream, asking {@code check} only the first time after a change. */
    boolean permits(IdentityId origin, Predicate<IdentityId> check) {
        Boolean known = permitted.get(origin);
        if (known == null) {
            known = check.test(origin);
            permitted.put(origin, known);
        }
        return known;
    }

    /** Identities changed: every origin is checked again. */
    void forget() {
        permitted.clear();
    }
}
