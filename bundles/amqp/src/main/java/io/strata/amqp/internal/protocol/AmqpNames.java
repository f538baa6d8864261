package io.strata.amqp.internal.protocol;

import org.apache.qpid.proton.amqp.Symbol;

/** The names IoT Hub (and Strata's node links) give to annotations, properties and errors. */
public final class AmqpNames {

    // Message annotations of telemetry and module messages
    public static final Symbol CONNECTION_DEVICE_ID = Symbol.valueOf("iothub-connection-device-id");
    public static final Symbol CONNECTION_MODULE_ID = Symbol.valueOf("iothub-connection-module-id");
    public static final Symbol ENQUEUED_TIME = Symbol.valueOf("iothub-enqueuedtime");
    public static final Symbol OUTPUT_NAME = Symbol.valueOf("x-opt-output-name");
    /** Where the Azure IoT SDKs' module clients put the output name: an application property. */
    public static final String OUTPUT_NAME_PROPERTY = "iothub-outputname";
    public static final Symbol INPUT_NAME = Symbol.valueOf("x-opt-input-name");

    // Twin links: message annotations
    public static final Symbol OPERATION = Symbol.valueOf("operation");
    public static final Symbol RESOURCE = Symbol.valueOf("resource");
    public static final Symbol STATUS = Symbol.valueOf("status");
    public static final Symbol VERSION = Symbol.valueOf("version");
    public static final String TWIN_GET = "GET";
    public static final String TWIN_PATCH = "PATCH";
    public static final String TWIN_PUT = "PUT";
    public static final String TWIN_DELETE = "DELETE";
    public static final String RESOURCE_REPORTED = "/properties/reported";
    public static final String RESOURCE_DESIRED_NOTIFICATIONS = "/notifications/twin/properties/desired";

    // Direct methods: application properties
    public static final String METHOD_NAME = "IoThub-methodname";
    public static final String METHOD_STATUS = "IoThub-status";

    // Node links: message annotations
    public static final Symbol IDENTITY = Symbol.valueOf("identity");
    public static final Symbol TIMEOUT_MS = Symbol.valueOf("timeout-ms");

    // CBS: application properties
    public static final String CBS_ADDRESS = "$cbs";
    public static final String CBS_OPERATION = "operation";
    public static final String CBS_PUT_TOKEN = "put-token";
    public static final String CBS_TYPE = "type";
    public static final String CBS_TOKEN_TYPE = "servicebus.windows.net:sastoken";
    public static final String CBS_TOKEN_TYPE_IOT = "azure-devices.net:sastoken";
    public static final String CBS_NAME = "name";
    public static final String CBS_STATUS_CODE = "status-code";
    public static final String CBS_STATUS_DESCRIPTION = "status-description";

    // SASL mechanisms
    public static final String SASL_PLAIN = "PLAIN";
    public static final String SASL_EXTERNAL = "EXTERNAL";
    public static final String SASL_ANONYMOUS = "ANONYMOUS";

    // Error conditions
    public static final Symbol UNAUTHORIZED_ACCESS = Symbol.valueOf("amqp:unauthorized-access");
    public static final Symbol NOT_FOUND = Symbol.valueOf("amqp:not-found");
    public static final Symbol NOT_ALLOWED = Symbol.valueOf("amqp:not-allowed");
    public static final Symbol DECODE_ERROR = Symbol.valueOf("amqp:decode-error");
    public static final Symbol INVALID_FIELD = Symbol.valueOf("amqp:invalid-field");
    public static final Symbol INTERNAL_ERROR = Symbol.valueOf("amqp:internal-error");
    public static final Symbol MESSAGE_SIZE_EXCEEDED = Symbol.valueOf("amqp:link:message-size-exceeded");
    public static final Symbol RESOURCE_LIMIT_EXCEEDED = Symbol.valueOf("amqp:resource-limit-exceeded");
    /**
     * In the info of a refused batch: how many of its first messages are stored all the same, so a
     * sender sends again only the rest (no duplicates of those).
     */
    public static final Symbol BATCH_STORED = Symbol.valueOf("x-opt-strata-batch-stored");

    /**
     * The link capability of a node's telemetry stream: an edge device's one events link to its parent
     * carrying the messages of every origin of its subtree, each naming its origin in its
     * {@link #CONNECTION_DEVICE_ID} / {@link #CONNECTION_MODULE_ID} annotations. A child asks for it when it
     * attaches; a parent that offers it back checks each origin, one that does not gets a link per origin.
     */
    public static final Symbol ORIGIN_STREAM = Symbol.valueOf("x-opt-strata-origin-stream");

    private AmqpNames() {
    }
}
