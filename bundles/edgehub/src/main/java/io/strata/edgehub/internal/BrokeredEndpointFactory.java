package io.strata.edgehub.internal;

import io.strata.api.module.ClientTransport;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.routing.Endpoint;
import io.strata.api.routing.Router;
import io.strata.api.routing.SinkFactory;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The route sink {@code BrokeredEndpoint("/modules/{moduleId}/inputs/{input}")}: module inputs of this
 * node's own edge device. The endpoints follow a change of the node's device id without being made
 * again.
 */
@Component(property = SinkFactory.SINK_NAME + "=" + BrokeredEndpointFactory.SINK_NAME,
        configurationPid = NodeSettings.PID)
public class BrokeredEndpointFactory implements SinkFactory {

    static final String SINK_NAME = Router.BROKERED_ENDPOINT;

    private volatile String nodeDeviceId;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<ClientTransport> transports = List.of();

    @Activate
    public BrokeredEndpointFactory(NodeConfiguration node) {
        this(NodeNames.of(node).deviceId());
    }

    BrokeredEndpointFactory(String nodeDeviceId) {
        this.nodeDeviceId = nodeDeviceId;
    }

    @Modified
    void modified(NodeConfiguration node) {
        nodeDeviceId = NodeNames.of(node).deviceId();
    }

    @Override
    public Endpoint create(String argument) {
        return new BrokeredEndpoint(ModuleInput.parse(argument, nodeDeviceId), () -> nodeDeviceId, () -> transports);
    }
}
