package io.strata.agent.internal.manifest;

/** When the agent restarts a module that does not run as it should. */
public enum RestartPolicy {
    NEVER("never"),
    ON_FAILURE("on-failure"),
    ON_UNHEALTHY("on-unhealthy"),
    ALWAYS("always");

    private final String text;

    RestartPolicy(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** Whether a module that failed is restarted. */
    public boolean restartsFailed() {
        return this != NEVER;
    }

    /** Whether a module that runs but is unhealthy is restarted. */
    public boolean restartsUnhealthy() {
        return this == ON_UNHEALTHY || this == ALWAYS;
    }
}
