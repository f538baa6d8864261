package io.strata.api.routing;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service through which a bundle contributes a route sink. A route's {@code INTO} clause
 * names a sink as {@code name} or {@code name("argument")}; the router looks the factory up by
 * {@link #SINK_NAME}, so a new sink becomes usable as soon as its bundle starts.
 */
@ConsumerType
public interface SinkFactory {

    /** Service property holding the sink name a route uses, such as {@code $upstream}. */
    String SINK_NAME = "strata.sink.name";

    /**
     * Creates the endpoint for one route's sink.
     *
     * @param argument the quoted argument of the sink, or null when the route names none
     * @throws IllegalArgumentException naming what is wrong with the argument
     */
    Endpoint create(String argument);
}
