package io.strata.agent.internal.runtime;

/**
 * What a look at a module's bundles and components found.
 *
 * @param health      the state found
 * @param description what is wrong; empty when nothing is
 */
record Observation(Health health, String description) {

    enum Health {
        /** Every bundle active and no component failed or unsatisfied. */
        RUNNING,
        /** The bundles are not active, as asked. */
        STOPPED,
        /** A bundle is not active although it should be, or a component threw on activation. */
        FAILED,
        /** The bundles are active but a component waits for a reference or a configuration. */
        UNHEALTHY,
        /**
         * A bundle that should run waits for the framework's start level to reach its own: the node is still
         * starting, and there is nothing to judge yet.
         */
        STARTING
    }

    static Observation of(Health health) {
        return new Observation(health, "");
    }
}
