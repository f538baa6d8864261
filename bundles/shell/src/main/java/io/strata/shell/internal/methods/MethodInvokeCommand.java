package io.strata.shell.internal.methods;

import io.strata.api.identity.IdentityId;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.MethodResult;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Invokes a direct method as the solution would in IoT Hub, and prints the status and payload the
 * device or module answered. The payload goes in single quotes, as the shell would read braces as a
 * closure and take the double quotes for its own.
 */
@Command(scope = "edge", name = "method-invoke", description = "Invokes a direct method on a connected device or module",
        detailedDescription = "edge:method-invoke [--timeout seconds] <id> <method> '<JSON payload>', e.g. "
                + "edge:method-invoke sensor-1 reboot '{\"delay\":5}'")
@Service
public class MethodInvokeCommand implements Action {

    // Optional: a mandatory reference would hold back every command of this bundle while the
    // broker feature is not installed.
    @Reference(optional = true)
    DirectMethods methods;

    @Option(name = "--timeout", aliases = "-t", description = "Seconds to wait for the answer (default 30)")
    long timeoutSeconds = 30;

    @Argument(index = 0, name = "identity", required = true, description = "deviceId, or deviceId/moduleId")
    String identity;

    @Argument(index = 1, name = "method", required = true, description = "the method name")
    String methodName;

    @Argument(index = 2, name = "payload", description = "the request as JSON (default null)")
    String payload = "null";

    @Override
    public Object execute() {
        if (methods == null) {
            throw new IllegalStateException("The edge hub is not running: feature:install strata-edgehub");
        }
        MethodResult result = methods.invoke(DirectMethods.FROM_SHELL, IdentityId.parse(identity), methodName, payload,
                Duration.ofSeconds(timeoutSeconds));
        System.out.println("Status: " + result.status());
        System.out.println(result.payload());
        return null;
    }
}
