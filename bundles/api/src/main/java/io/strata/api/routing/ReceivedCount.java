package io.strata.api.routing;

/**
 * Messages the router took from one client on one output since the node started, as IoT Edge's
 * {@code edgehub_messages_received_total} counts them.
 *
 * @param id     the device ({@code sensor-1}) or module ({@code edge-1/filter}) that sent them
 * @param output the module output they came from; empty for a device's telemetry
 * @param count  how many
 */
public record ReceivedCount(String id, String output, long count) {
}
