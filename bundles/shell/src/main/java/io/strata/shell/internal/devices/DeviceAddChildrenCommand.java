package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityId;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Adds children to an edge device. Like {@code az iot edge devices add-children}, it leaves a child
 * that already has another parent alone unless forced; all children are checked before any changes.
 */
@Command(scope = "edge", name = "device-add-children", description = "Makes devices children of an edge device")
@Service
public class DeviceAddChildrenCommand extends RegistryCommand {

    @Argument(index = 0, name = "parent-id", required = true, description = "The edge device")
    @Completion(DeviceIdCompleter.class)
    String parentId;

    @Argument(index = 1, name = "child-ids", required = true, multiValued = true, description = "The new children")
    @Completion(DeviceIdCompleter.class)
    List<String> childIds;

    @Option(name = "--force", aliases = "-f", description = "Take children away from the parent they have")
    boolean force;

    @Override
    Object run() {
        for (String childId : childIds) {
            String current = require(IdentityId.device(childId)).parentId();
            if (!force && current != null && !current.equals(parentId)) {
                throw new IllegalArgumentException(childId + " is a child of " + current + "; use --force to move it");
            }
        }
        childIds.forEach(childId -> registry.setParent(childId, parentId));
        System.out.println(String.join(", ", childIds) + (childIds.size() == 1 ? " is a child of " : " are children of ")
                + parentId);
        return null;
    }
}
