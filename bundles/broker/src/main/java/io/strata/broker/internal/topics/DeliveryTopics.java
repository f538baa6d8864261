package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.message.PropertyBag;
import io.strata.api.message.SystemProperty;

/** The topics on which the edge hub delivers to its clients, each ending in the message's property bag. */
public final class DeliveryTopics {

    private DeliveryTopics() {
    }

    /** {@code devices/{d}/modules/{m}/inputs/{input}/{bag}}: a routed message for a module's input. */
    public static String moduleInput(IdentityId module, String input, Message message) {
        if (!module.isModule()) {
            throw new IllegalArgumentException(module + " is not a module");
        }
        if (input.isEmpty() || input.contains("/") || input.contains("+") || input.contains("#")) {
            throw new IllegalArgumentException("Invalid input name '" + input + "'");
        }
        return "devices/" + module.deviceId() + "/modules/" + module.moduleId() + "/inputs/" + input + "/"
                + PropertyBag.format(PropertyBag.of(message));
    }

    /** A topic of one of the module's inputs, to ask whether it subscribed to its inputs at all. */
    public static String anyInput(IdentityId module) {
        return "devices/" + module.deviceId() + "/modules/" + module.moduleId() + "/inputs/#";
    }

    /**
     * {@code devices/{d}/messages/devicebound/{bag}}: a cloud-to-device message. As in IoT Hub the
     * bag always carries {@code $.to} ({@code /devices/{d}/messages/deviceBound} unless the sender
     * set one): the Java device SDK ignores a bag without any system property.
     */
    public static String cloudToDevice(IdentityId device, Message message) {
        if (device.isModule()) {
            throw new IllegalArgumentException(device + " is a module: modules get messages on their inputs");
        }
        Message addressed = message.systemProperty(SystemProperty.TO).isPresent() ? message
                : message.toBuilder().to("/devices/" + device.deviceId() + "/messages/deviceBound").build();
        return "devices/" + device.deviceId() + "/messages/devicebound/"
                + PropertyBag.format(PropertyBag.of(addressed));
    }
}
