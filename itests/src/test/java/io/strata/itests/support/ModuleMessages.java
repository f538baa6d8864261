package io.strata.itests.support;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/** What an MQTT module does with the IoT Hub topics: send JSON on an output, listen on its inputs. */
public final class ModuleMessages {

    private ModuleMessages() {
    }

    /**
     * Sends a JSON body on an output at QoS 1 and returns once the edge hub acknowledged it, that is
     * once the router stored it.
     */
    public static void sendOnOutput(MqttClient module, String deviceId, String moduleId, String output, String json)
            throws MqttException {
        module.publish("devices/" + deviceId + "/modules/" + moduleId + "/messages/events/"
                + "%24.on=" + output + "&%24.ct=application%2Fjson&%24.ce=utf-8",
                json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** Subscribes to every input of the module; each delivery is queued as "topic body". */
    public static BlockingQueue<String> subscribeToInputs(MqttClient module, String deviceId, String moduleId)
            throws MqttException {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        module.subscribe("devices/" + deviceId + "/modules/" + moduleId + "/inputs/#", 1, (topic, message) ->
                received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));
        return received;
    }
}
