package io.strata.api.routing;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks {@code $edgeHub} desired properties exactly as the router reads them, without putting them
 * in force: the agent refuses a deployment manifest whose routes the router would refuse, before it
 * changes anything.
 */
@ProviderType
public interface EdgeHubSettingsValidator {

    /**
     * @param desired the {@code $edgeHub} desired properties as JSON text
     * @throws InvalidEdgeHubSettingsException when the router would refuse them, naming every route
     *         that does not compile with the line and column of its problem
     */
    void validate(String desired) throws InvalidEdgeHubSettingsException;
}
