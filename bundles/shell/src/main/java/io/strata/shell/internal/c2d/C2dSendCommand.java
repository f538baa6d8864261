package io.strata.shell.internal.c2d;

import io.strata.api.message.Message;
import io.strata.api.module.CloudToDevice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Sends a cloud-to-device message, as the solution would through IoT Hub. */
@Command(scope = "edge", name = "c2d-send", description = "Sends a cloud-to-device message to a device",
        detailedDescription = "edge:c2d-send [-p key=value ...] <deviceId> '<body>', e.g. "
                + "edge:c2d-send -p kind=command sensor-1 'calibrate'")
@Service
public class C2dSendCommand implements Action {

    // Optional: a mandatory reference would hold back every command of this bundle while the
    // broker feature is not installed.
    @Reference(optional = true)
    CloudToDevice cloudToDevice;

    @Option(name = "--property", aliases = "-p", multiValued = true,
            description = "An application property, name=value; repeat it for more")
    List<String> properties = List.of();

    @Argument(index = 0, name = "deviceId", required = true, description = "the device")
    String deviceId;

    @Argument(index = 1, name = "body", required = true, description = "the message body, as text")
    String body;

    @Override
    public Object execute() {
        if (cloudToDevice == null) {
            throw new IllegalStateException("The edge hub is not running: feature:install strata-edgehub");
        }
        Message.Builder message = Message.builder().body(body.getBytes(StandardCharsets.UTF_8));
        for (String property : properties) {
            int equals = property.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("Property '" + property + "' is not name=value");
            }
            message.applicationProperty(property.substring(0, equals), property.substring(equals + 1));
        }
        cloudToDevice.send(deviceId, message.build());
        System.out.println("Sent to " + deviceId);
        return null;
    }
}
