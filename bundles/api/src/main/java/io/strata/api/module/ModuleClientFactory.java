package io.strata.api.module;

import org.osgi.annotation.versioning.ProviderType;

/** Hands out in-process module clients; the module must be an identity of this node. */
@ProviderType
public interface ModuleClientFactory {

    /**
     * Connects a module of this node's own edge device. A module has one in-process client at a time:
     * connecting it again closes the older client, as a newer MQTT connection takes a session over,
     * so a module that restarts without closing its client can always connect again.
     *
     * @param moduleId the module's id; the device is this node's
     * @throws IllegalArgumentException when the module is unknown or disabled on this node
     */
    ModuleClient connect(String moduleId);
}
