package io.strata.shell.internal.agent;

import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.strata.shell.internal.devices.DeviceIdCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * Deploys a manifest file from the node's file system: to this node, waiting until it is applied, or
 * to another edge device of the tree, whose twins on this node then carry it down to that device.
 */
@Command(scope = "edge", name = "deploy", description = "Applies a deployment manifest (modulesContent with $edgeAgent, "
        + "$edgeHub and module desired properties) and waits for the outcome; with --device, hands it to an edge "
        + "device below this node without waiting")
@Service
public class DeployCommand extends AgentCommand {

    @Option(name = "-d", aliases = "--device", description = "the edge device to deploy to; default: this node")
    @Completion(DeviceIdCompleter.class)
    String device;

    @Argument(index = 0, name = "file", required = true, description = "the manifest, a JSON file on the node")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void run(EdgeAgent agent) throws Exception {
        String manifest = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        DeploymentStatus status = device == null ? agent.deploy(manifest) : agent.deployTo(device, manifest);
        System.out.println(status.code() + " " + status.description());
        if (!status.isSuccess()) {
            throw new IllegalStateException("Deployment refused (" + status.code() + "): " + status.description());
        }
    }
}
