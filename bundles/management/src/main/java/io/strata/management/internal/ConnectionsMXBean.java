package io.strata.management.internal;

import java.util.List;

/** {@code io.strata:type=connections}: the devices and modules of the edge hub and the identities it knows. */
public interface ConnectionsMXBean {

    /** A client as the edge hub reports it; times ISO-8601, empty when not yet. */
    record Client(String id, String transport, boolean connected, String lastConnected, String lastDisconnected) {
    }

    int getConnectedClients();

    List<Client> getClients();

    /** Device identities in this node's registry (itself, its leaf devices and the nodes below, theirs). */
    int getDeviceIdentities();

    /** Module identities of those devices. */
    int getModuleIdentities();
}
