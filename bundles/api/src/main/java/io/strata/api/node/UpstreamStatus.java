package io.strata.api.node;

import java.time.Instant;

/**
 * What {@link UpstreamLink} tells about the connection to the parent.
 *
 * @param parentHostname the parent's hostname, as its certificate names it
 * @param address        where the link connects, {@code host:port}
 * @param protocol       {@code amqp} or {@code mqtt}
 * @param state          the state of the connection
 * @param since          when it entered that state
 * @param lastError      why the last attempt failed or the link dropped; null when it never did
 */
public record UpstreamStatus(String parentHostname, String address, String protocol, State state, Instant since,
        String lastError) {

    public enum State {
        CONNECTING, CONNECTED, DISCONNECTED
    }
}
