package io.strata.shell.internal.agent;

import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;

/** Deploys a manifest file from the node's file system and waits until it is applied. */
@Command(scope = "edge", name = "deploy", description = "Applies a deployment manifest (modulesContent with $edgeAgent, "
        + "$edgeHub and module desired properties) and waits for the outcome")
@Service
public class DeployCommand extends AgentCommand {

    @Argument(index = 0, name = "file", required = true, description = "the manifest, a JSON file on the node")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void run(EdgeAgent agent) throws Exception {
        DeploymentStatus status = agent.deploy(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        System.out.println(status.code() + " " + status.description());
        if (!status.isSuccess()) {
            throw new IllegalStateException("Deployment refused (" + status.code() + "): " + status.description());
        }
    }
}
