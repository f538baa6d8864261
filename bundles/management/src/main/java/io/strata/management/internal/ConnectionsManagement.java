package io.strata.management.internal;

import io.strata.api.identity.IdentityRegistry;
import io.strata.api.module.ClientConnection;
import io.strata.api.module.ClientConnections;
import java.time.Instant;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The connections MBean, while the edge hub and the identity registry run. */
@Component(service = {}, immediate = true)
public class ConnectionsManagement implements ConnectionsMXBean {

    private final ClientConnections connections;
    private final IdentityRegistry identities;
    private final ManagedBean bean;

    @Activate
    public ConnectionsManagement(@Reference ClientConnections connections, @Reference IdentityRegistry identities,
            BundleContext context) {
        this.connections = connections;
        this.identities = identities;
        this.bean = ManagedBean.register(context, "connections", ConnectionsMXBean.class, this);
    }

    @Deactivate
    void deactivate() {
        bean.unregister();
    }

    @Override
    public int getConnectedClients() {
        return (int) connections.clients().stream().filter(ClientConnection::connected).count();
    }

    @Override
    public List<Client> getClients() {
        return connections.clients().stream().map(client -> new Client(client.id().toString(), client.transport(),
                client.connected(), text(client.lastConnected()), text(client.lastDisconnected()))).toList();
    }

    @Override
    public int getDeviceIdentities() {
        return identities.devices().size();
    }

    @Override
    public int getModuleIdentities() {
        return identities.devices().stream().mapToInt(device -> identities.modules(device.id().deviceId()).size())
                .sum();
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
