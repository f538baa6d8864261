package io.strata.api.check;

import java.util.function.Supplier;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One check of {@code edge:check}, registered as an OSGi service. A check is quick (a few seconds at
 * most, it is stopped after the command's timeout) and reports a failed check as a result, never by
 * throwing.
 */
@ConsumerType
public interface HealthCheck {

    /** The group of what a node is set up with: settings, certificates, listeners, store, routes. */
    String CONFIGURATION = "Configuration checks";

    /** The group of what a node reaches: its parent, and its parent's services. */
    String CONNECTIVITY = "Connectivity checks";

    /** The group the check's line appears in: {@link #CONFIGURATION} or {@link #CONNECTIVITY}. */
    String group();

    /** A short stable name, e.g. {@code certificates-expiry}, for scripts reading the JSON output. */
    String id();

    /** What is checked, as the report's line says it, e.g. {@code "server certificate names the hostname"}. */
    String description();

    CheckResult check();

    /** A check from its parts, for a bundle that registers several small ones. */
    static HealthCheck of(String group, String id, String description, Supplier<CheckResult> check) {
        return new HealthCheck() {
            @Override
            public String group() {
                return group;
            }

            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public CheckResult check() {
                return check.get();
            }

            @Override
            public String toString() {
                return id;
            }
        };
    }
}
