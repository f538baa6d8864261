package io.strata.edgehub.internal;

import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.ClientTransport;
import io.strata.api.module.CloudToDevice;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Cloud-to-device messages of the edge hub: a connected device gets the message through the
 * transport it is connected through. A device connected through none may still have a persistent
 * session in one of them (MQTT with cleanSession=false, say) that gets it when the device returns,
 * so every transport is handed the message and each keeps it only for such a session.
 */
@Component
public class EdgeHubCloudToDevice implements CloudToDevice {

    private final Authorizer authorizer;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<ClientTransport> transports = List.of();

    @Activate
    public EdgeHubCloudToDevice(@Reference Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public void send(String deviceId, Message message) {
        IdentityId device = IdentityId.device(deviceId);
        if (!authorizer.mayConnect(device)) {
            throw new IllegalArgumentException("'" + deviceId
                    + "' is not an enabled device of this node or below it, so it never connects here");
        }
        List<ClientTransport> present = transports;
        if (present.isEmpty()) {
            throw new IllegalStateException("No transport serves devices on this edge hub: install strata-broker");
        }
        Optional<ClientTransport> connected = Transports.connecting(present, device);
        if (connected.isPresent()) {
            connected.get().sendToDevice(device, message);
        } else {
            present.forEach(transport -> transport.sendToDevice(device, message));
        }
    }
}
