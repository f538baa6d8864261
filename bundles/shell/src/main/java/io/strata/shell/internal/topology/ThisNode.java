package io.strata.shell.internal.topology;

import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * This node's device id and parent, for {@code edge:topology} and {@code edge:module-logs}. A Karaf
 * command cannot take a component property type, so this component reads the node settings and the
 * commands reference it.
 */
@Component(service = ThisNode.class, configurationPid = NodeSettings.PID)
public class ThisNode {

    private volatile NodeConfiguration node;

    @Activate
    public ThisNode(NodeConfiguration node) {
        this.node = node;
    }

    @Modified
    void modified(NodeConfiguration node) {
        this.node = node;
    }

    public String deviceId() {
        return NodeNames.of(node).deviceId();
    }

    /** Empty on the top node. */
    String parentHostname() {
        return node.parentHostname().trim();
    }
}
