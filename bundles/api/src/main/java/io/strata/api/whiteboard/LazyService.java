package io.strata.api.whiteboard;

import java.util.function.Supplier;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A service bound as {@link ComponentServiceObjects} and got from the framework only when first
 * used, for references between components that use each other: getting the service while SCR binds
 * it would create it while its user is being created, a cycle SCR can only report. SCR releases the
 * service when it unbinds the reference.
 *
 * @param <S> the service interface
 */
public final class LazyService<S> implements Supplier<S> {

    private final ComponentServiceObjects<S> service;
    private volatile S instance;

    public LazyService(ComponentServiceObjects<S> service) {
        this.service = service;
    }

    /** The service, got on the first call; null once it has been unbound. */
    @Override
    public S get() {
        S got = instance;
        if (got == null) {
            synchronized (this) {
                if (instance == null) {
                    instance = getService();
                }
                got = instance;
            }
        }
        return got;
    }

    /** Whether this is the service {@code other} refers to. */
    public boolean isOf(ComponentServiceObjects<S> other) {
        return service.getServiceReference().equals(other.getServiceReference());
    }

    private S getService() {
        try {
            return service.getService();
        } catch (IllegalStateException e) {
            return null; // the reference was unbound meanwhile
        }
    }
}
