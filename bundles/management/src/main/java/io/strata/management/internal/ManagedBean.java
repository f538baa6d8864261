package io.strata.management.internal;

import java.util.Hashtable;
import javax.management.DynamicMBean;
import javax.management.StandardMBean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * One Strata MBean, {@code io.strata:type=<type>}, registered as an OSGi service that Karaf's JMX
 * whiteboard puts in its MBean server, where Karaf's guard applies {@code etc/jmx.acl*.cfg} to
 * each call: viewers read attributes, operations need admin.
 */
final class ManagedBean {

    static final String DOMAIN = "io.strata";

    private final ServiceRegistration<DynamicMBean> registration;

    private ManagedBean(ServiceRegistration<DynamicMBean> registration) {
        this.registration = registration;
    }

    /** @param view an MXBean interface, so that clients need none of Strata's classes */
    static <T> ManagedBean register(BundleContext context, String type, Class<T> view, T implementation) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("jmx.objectname", DOMAIN + ":type=" + type);
        return new ManagedBean(context.registerService(DynamicMBean.class,
                new StandardMBean(implementation, view, true), properties));
    }

    void unregister() {
        registration.unregister();
    }
}
