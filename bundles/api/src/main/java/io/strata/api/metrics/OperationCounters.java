package io.strata.api.metrics;

import io.strata.api.identity.IdentityId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Counts the operations of the edge hub and the agent that the node's metrics show under IoT Edge's
 * names ({@code edgehub_gettwin_total}, {@code edgeAgent_module_start_total}, ...). The parts that
 * do them call it while it runs; without it (no metrics installed) nothing is counted.
 */
@ProviderType
public interface OperationCounters {

    /** A client read its twin. */
    void twinRead(IdentityId identity);

    /** A client updated its reported properties. */
    void reportedPropertiesUpdated(IdentityId identity);

    /**
     * The edge hub delivered a direct method call to a client.
     *
     * @param caller who called, as {@link io.strata.api.module.DirectMethods#invoke} names it
     */
    void directMethodInvoked(String caller, IdentityId target);

    /**
     * A client failed to prove who it is.
     *
     * @param reason why, in lower case with underscores (such as {@code wrong_signature})
     */
    void clientRefused(IdentityId identity, String reason);

    /** The agent started a module's code. */
    void moduleStarted(String module, String version);

    /** The agent stopped a module's code. */
    void moduleStopped(String module, String version);
}
