package io.strata.apiproxy.internal;

import io.netty.handler.codec.http.HttpContent;

/** One request in flight on a client connection, from its head on; called on the connection's event loop. */
interface Exchange {

    /** A piece of the request body, the last one a {@link io.netty.handler.codec.http.LastHttpContent}; the exchange releases it. */
    void content(HttpContent content);

    /** The client connection became writable or stopped being so. */
    void clientWritabilityChanged();

    /** The client connection closed before the exchange ended. */
    void clientClosed();

    /** Told by an exchange when its response is complete; called on the client connection's event loop. */
    interface Ended {

        /** @param keepConnection whether the client connection may carry the next request */
        void exchangeEnded(boolean keepConnection);
    }
}
