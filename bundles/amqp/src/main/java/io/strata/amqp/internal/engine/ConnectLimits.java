package io.strata.amqp.internal.engine;

import java.time.Duration;

/**
 * How a listener bounds the connections that have not authenticated yet: each is closed unless it
 * authenticates within {@code timeout} of its accept (TLS handshake, SASL and any CBS put-token
 * included), and no more than {@code maxUnauthenticated} are open at once.
 */
public record ConnectLimits(Duration timeout, int maxUnauthenticated) {

    public ConnectLimits {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The connect timeout must be positive, not " + timeout.toSeconds() + " s");
        }
        if (maxUnauthenticated < 1) {
            throw new IllegalArgumentException("The bound on unauthenticated connections must be at least 1, not "
                    + maxUnauthenticated);
        }
    }
}
