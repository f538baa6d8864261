package io.strata.api.whiteboard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.service.component.ComponentServiceObjects;
import org.slf4j.Logger;

/**
 * The listeners a service tells of its changes. Each listener is a plain DS service; the service
 * that tells them binds them with a dynamic, greedy, multiple reference to their
 * {@link ComponentServiceObjects} and hands those to {@link #bind} and {@link #unbind}:
 *
 * <pre>{@code
 * @Reference(service = TwinListener.class, cardinality = ReferenceCardinality.MULTIPLE,
 *         policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
 * void bindListener(ComponentServiceObjects<TwinListener> listener) { listeners.bind(listener); }
 * }</pre>
 *
 * <p>A listener is got from the framework only when it is first told something, not when it is
 * bound. Most listeners use the service they listen to; had binding got them, creating the service
 * would create the listener, which needs the service being created: SCR reports that as a
 * "Circular reference detected" and leaves the listener unbound for a while, so it could miss
 * changes. Got later, the service is active already and no cycle forms. SCR releases a listener
 * when it unbinds it.
 *
 * <p>A listener that throws is logged, and the others are still told.
 *
 * @param <L> the listener interface
 */
public final class Listeners<L> {

    private final String name;
    private final Logger log;
    private final List<Listener<L>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param name what the log calls one listener, e.g. "Twin listener"
     * @param log  the telling service's log, where failed listeners are reported
     */
    public Listeners(String name, Logger log) {
        this.name = name;
        this.log = log;
    }

    /** A listener service from now on, told in the order they were bound. */
    public void bind(ComponentServiceObjects<L> service) {
        listeners.add(new Listener<>(new LazyService<>(service), null));
    }

    /** Stops telling a listener service. */
    public void unbind(ComponentServiceObjects<L> service) {
        listeners.removeIf(listener -> listener.isOf(service));
    }

    /** A listener that is no service, as the tests of a telling service use. */
    public void add(L listener) {
        listeners.add(new Listener<>(null, listener));
    }

    /**
     * Tells every listener one change.
     *
     * @param what the change as the log names it, e.g. "desired version 4 of device1"
     */
    public void tell(Consumer<? super L> change, String what) {
        for (Listener<L> listener : listeners) {
            L instance = listener.get();
            if (instance == null) {
                continue; // unregistered while it was being told
            }
            try {
                change.accept(instance);
            } catch (RuntimeException e) {
                log.warn("{} {} failed on {}", name, instance, what, e);
            }
        }
    }

    /** A bound listener service, got on first use; or a plain listener. */
    private record Listener<L>(LazyService<L> service, L plain) {

        boolean isOf(ComponentServiceObjects<L> other) {
            return service != null && service.isOf(other);
        }

        L get() {
            return service == null ? plain : service.get();
        }
    }
}
