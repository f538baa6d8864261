package io.strata.api.node;

/**
 * Makes the sessions of one protocol to the parent. Each protocol bundle registers one, with service
 * property {@link #PROTOCOL} ({@code amqp}, {@code mqtt}); the upstream link uses the one its
 * {@code upstreamProtocol} names, as soon as it is there.
 */
public interface ParentSessionFactory {

    /** The service property naming the protocol, lower case: the value of {@code upstreamProtocol}. */
    String PROTOCOL = "protocol";

    /**
     * A new, not yet started session to the parent.
     *
     * @param events hears when the session is up and when it is gone
     */
    ParentSession create(ParentSessionContext context, ParentSession.Events events);
}
