package io.strata.edgehub.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.module.ClientTransport;
import java.util.Collection;
import java.util.Optional;

/** Picks, among the registered transports, the one that serves a client now. */
final class Transports {

    private Transports() {
    }

    /** The transport the device or module is connected through, if any. */
    static Optional<ClientTransport> connecting(Collection<ClientTransport> transports, IdentityId client) {
        return transports.stream().filter(transport -> transport.isConnected(client)).findFirst();
    }

    /** The transport through which the module listens for messages on its inputs, if any. */
    static Optional<ClientTransport> listening(Collection<ClientTransport> transports, IdentityId module) {
        return transports.stream().filter(transport -> transport.listensForInputs(module)).findFirst();
    }
}
