package io.strata.upstream.internal;

import io.strata.api.node.UpstreamStatus;
import io.strata.api.node.UpstreamStatus.State;
import java.time.Clock;

/** The state of the link to the parent, as {@link io.strata.api.node.UpstreamLink} shows it. */
final class LinkStatus {

    private final UpstreamSettings settings;
    private final Clock clock;
    private volatile UpstreamStatus current;

    LinkStatus(UpstreamSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.current = status(State.DISCONNECTED, null);
    }

    UpstreamStatus current() {
        return current;
    }

    boolean isConnected() {
        return current.state() == State.CONNECTED;
    }

    void connecting() {
        current = status(State.CONNECTING, current.lastError());
    }

    void connected() {
        current = status(State.CONNECTED, current.lastError());
    }

    void disconnected(String error) {
        current = status(State.DISCONNECTED, error == null ? current.lastError() : error);
    }

    private UpstreamStatus status(State state, String lastError) {
        return new UpstreamStatus(settings.parentHostname(), settings.endpoint(), settings.protocol(), state,
                clock.instant(), lastError);
    }
}
