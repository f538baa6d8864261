package io.strata.shell.internal.devices;

import io.strata.api.identity.IdentityId;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Unlinks children from their edge device; all are checked before any changes. */
@Command(scope = "edge", name = "device-remove-children", description = "Removes devices from an edge device's children")
@Service
public class DeviceRemoveChildrenCommand extends RegistryCommand {

    @Argument(index = 0, name = "parent-id", required = true, description = "The edge device")
    @Completion(DeviceIdCompleter.class)
    String parentId;

    @Argument(index = 1, name = "child-ids", required = true, multiValued = true, description = "Its children to remove")
    @Completion(DeviceIdCompleter.class)
    List<String> childIds;

    @Override
    Object run() {
        for (String childId : childIds) {
            if (!parentId.equals(require(IdentityId.device(childId)).parentId())) {
                throw new IllegalArgumentException(childId + " is not a child of " + parentId);
            }
        }
        childIds.forEach(childId -> registry.setParent(childId, null));
        System.out.println(String.join(", ", childIds) + " removed from the children of " + parentId);
        return null;
    }
}
