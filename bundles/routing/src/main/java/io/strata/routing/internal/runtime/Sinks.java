package io.strata.routing.internal.runtime;

import io.strata.api.routing.Endpoint;
import io.strata.api.routing.SinkFactory;
import io.strata.routing.internal.lang.RouteSink;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sink factories other bundles contribute, by sink name, and the endpoints made from them. An
 * endpoint is made once per sink and dropped when its factory leaves, so a bundle that comes back
 * gets asked again.
 */
final class Sinks {

    private final Map<String, SinkFactory> factories = new ConcurrentHashMap<>();
    private final Map<RouteSink, Endpoint> endpoints = new ConcurrentHashMap<>();

    void add(String name, SinkFactory factory) {
        factories.put(name, factory);
    }

    void remove(String name, SinkFactory factory) {
        if (factories.remove(name, factory)) {
            endpoints.keySet().removeIf(sink -> sink.name().equals(name));
        }
    }

    boolean hasFactory(String name) {
        return factories.containsKey(name);
    }

    /**
     * The endpoint of a sink; empty while no bundle provides the sink's name.
     *
     * @throws IllegalArgumentException from the factory, naming what is wrong with the argument
     */
    Optional<Endpoint> endpoint(RouteSink sink) {
        SinkFactory factory = factories.get(sink.name());
        if (factory == null) {
            return Optional.empty();
        }
        return Optional.of(endpoints.computeIfAbsent(sink, created -> factory.create(created.argument())));
    }
}
