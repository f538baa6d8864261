package io.strata.broker.internal.topics;

/** A topic or property bag that does not follow the IoT Hub MQTT conventions; the message says why. */
public class MalformedTopicException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedTopicException(String reason) {
        super(reason);
    }
}
