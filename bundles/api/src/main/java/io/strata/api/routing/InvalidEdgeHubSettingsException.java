package io.strata.api.routing;

/**
 * {@code $edgeHub} desired properties the router refuses whole, with the status code a manifest's
 * {@code lastDesiredStatus} reports for them; the routes in force stay.
 */
public class InvalidEdgeHubSettingsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status  412 for a schema version the router does not know, 400 for anything else
     * @param message what is wrong, naming each refused route and the line and column of its problem
     */
    public InvalidEdgeHubSettingsException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400 or 412. */
    public int status() {
        return status;
    }
}
