package io.strata.routing.internal.runtime;

import io.strata.api.routing.EdgeHubSettingsValidator;
import io.strata.api.routing.InvalidEdgeHubSettingsException;
import org.osgi.service.component.annotations.Component;

/**
 * The router's reading of {@code $edgeHub} desired properties, for the agent to check a manifest with.
 * A component of its own, with nothing to wait for, so that a restart of the router (a change of its
 * configuration) does not take the agent down with it.
 */
@Component(service = EdgeHubSettingsValidator.class)
public class EdgeHubSettingsValidation implements EdgeHubSettingsValidator {

    @Override
    public void validate(String desired) throws InvalidEdgeHubSettingsException {
        EdgeHubSettings.parse(desired);
    }
}
