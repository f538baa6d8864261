package io.strata.routing.internal.runtime;

/** The {@code $edgeHub} section is wrong as a whole; the routes in force stay. */
final class InvalidSettingsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    InvalidSettingsException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The code lastDesiredStatus reports: 400 or 412. */
    int status() {
        return status;
    }
}
