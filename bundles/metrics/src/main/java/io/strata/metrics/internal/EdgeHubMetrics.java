package io.strata.metrics.internal;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.strata.api.agent.ModuleStatus;
import io.strata.api.module.ClientConnection;
import io.strata.api.node.UpstreamStatus;
import io.strata.api.routing.EndpointStatus;
import io.strata.api.routing.ReceivedCount;
import io.strata.api.routing.RouteStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's metrics under IoT Edge's names where IoT Edge has one ({@code edgehub_*}), and
 * {@code strata_*} for what it has not. Every value is read from the services at scrape time, so
 * nothing is counted twice and the message path is not touched. IoT Edge's three labels on every
 * metric: {@code iothub}, {@code edge_device}, {@code instance_number}.
 */
final class EdgeHubMetrics {

    /** IoT Edge's {@code to} of messages sent to the parent. */
    static final String UPSTREAM_TARGET = "upstream";

    private static final Pattern MODULE_INPUT = Pattern.compile("BrokeredEndpoint\\(\"/modules/([^/]+)/inputs/([^\"]+)\"\\)");

    private EdgeHubMetrics() {
    }

    /**
     * @param node IoT Edge's labels of every metric
     */
    static void register(PrometheusRegistry registry, Labels node, NodeSources sources, OperationCounts operations) {
        CounterWithCallback.builder().name("edgehub_messages_received")
                .help("Messages the edge hub took from clients").constLabels(node)
                .labelNames("id", "route_output")
                .callback(callback -> sources.routing().ifPresent(routing -> {
                    for (ReceivedCount received : routing.received()) {
                        callback.call(received.count(), received.id(), received.output());
                    }
                })).register(registry);
        CounterWithCallback.builder().name("edgehub_messages_sent")
                .help("Messages the edge hub delivered to clients, module inputs and upstream").constLabels(node)
                .labelNames("to", "to_route_input")
                .callback(callback -> sources.routing().ifPresent(routing -> {
                    for (EndpointStatus endpoint : routing.endpoints()) {
                        String[] target = target(endpoint.id());
                        callback.call(endpoint.delivered(), target[0], target[1]);
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("edgehub_queue_length")
                .help("Messages waiting in an endpoint's queue").constLabels(node)
                .labelNames("endpoint")
                .callback(callback -> sources.routing().ifPresent(routing -> {
                    for (EndpointStatus endpoint : routing.endpoints()) {
                        callback.call(endpoint.depth(), endpoint.id());
                    }
                })).register(registry);
        CounterWithCallback.builder().name("edgehub_messages_dropped")
                .help("Messages the edge hub dropped: no route took them (from), their time to live ran out "
                        + "or a full store made room (to)").constLabels(node)
                .labelNames("reason", "from", "to")
                .callback(callback -> sources.routing().ifPresent(routing -> {
                    routing.unrouted().forEach((origin, count) -> callback.call(count, "no_route", origin, ""));
                    for (EndpointStatus endpoint : routing.endpoints()) {
                        callback.call(endpoint.expired(), "ttl_expiry", "", endpoint.id());
                        callback.call(endpoint.dropped(), "store_full", "", endpoint.id());
                    }
                })).register(registry);
        CounterWithCallback.builder().name("strata_endpoint_failures")
                .help("Failed deliveries of an endpoint").constLabels(node)
                .labelNames("endpoint")
                .callback(callback -> sources.routing().ifPresent(routing -> {
                    for (EndpointStatus endpoint : routing.endpoints()) {
                        callback.call(endpoint.failures(), endpoint.id());
                    }
                })).register(registry);
        CounterWithCallback.builder().name("strata_route_matched")
                .help("Messages a route of the deployment took").constLabels(node)
                .labelNames("route")
                .callback(callback -> sources.routing().ifPresent(routing -> {
                    for (RouteStatus route : routing.routes()) {
                        callback.call(route.matched(), route.name());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("edgehub_connected_clients")
                .help("Devices and modules connected to the edge hub").constLabels(node)
                .callback(callback -> sources.connections().ifPresent(connections -> callback.call(
                        connections.clients().stream().filter(ClientConnection::connected).count())))
                .register(registry);
        GaugeWithCallback.builder().name("strata_upstream_connected")
                .help("1 while the link to the parent is connected, else 0; absent on the top node").constLabels(node)
                .labelNames("parent", "protocol")
                .callback(callback -> sources.upstream().ifPresent(link -> {
                    UpstreamStatus status = link.status();
                    callback.call(status.state() == UpstreamStatus.State.CONNECTED ? 1 : 0, status.parentHostname(),
                            status.protocol());
                })).register(registry);
        GaugeWithCallback.builder().name("strata_module_failed")
                .help("1 while a deployed module's runtime status is failed, backoff or unhealthy, else 0")
                .constLabels(node)
                .labelNames("module_name", "module_version", "runtime_status")
                .callback(callback -> sources.agent().ifPresent(agent -> {
                    for (ModuleStatus module : agent.modules()) {
                        callback.call(HealthProbe.FAILED_STATUSES.contains(module.runtimeStatus()) ? 1 : 0,
                                module.name(), module.version(), module.runtimeStatus());
                    }
                })).register(registry);
        CounterWithCallback.builder().name("strata_module_restarts")
                .help("Restarts of a deployed module by its restart policy").constLabels(node)
                .labelNames("module_name", "module_version")
                .callback(callback -> sources.agent().ifPresent(agent -> {
                    for (ModuleStatus module : agent.modules()) {
                        callback.call(module.restartCount(), module.name(), module.version());
                    }
                })).register(registry);
        counter(registry, node, "edgehub_gettwin", "GetTwin calls of clients", operations.twinReads, "source", "id");
        counter(registry, node, "edgehub_reported_properties", "Reported properties updates of clients",
                operations.reportedUpdates, "target", "id");
        counter(registry, node, "edgehub_direct_methods", "Direct method calls the edge hub delivered to clients",
                operations.directMethods, "from", "to");
        counter(registry, node, "edgehub_client_connect_failed", "Clients that failed to authenticate",
                operations.refusedClients, "id", "reason");
        counter(registry, node, "edgeAgent_module_start", "Times the agent started a module",
                operations.moduleStarts, "module_name", "module_version");
        counter(registry, node, "edgeAgent_module_stop", "Times the agent stopped a module",
                operations.moduleStops, "module_name", "module_version");
    }

    private static void counter(PrometheusRegistry registry, Labels node, String name, String help,
            LabelledCounts counts, String... labelNames) {
        CounterWithCallback.builder().name(name).help(help).constLabels(node).labelNames(labelNames)
                .callback(callback -> counts.forEach((labels, count) -> callback.call(count,
                        labels.toArray(String[]::new)))).register(registry);
    }

    /**
     * IoT Edge's {@code to} and {@code to_route_input} of an endpoint: {@code upstream} for
     * {@code $upstream}, the module and its input for a module input, else the endpoint itself.
     */
    static String[] target(String endpointId) {
        if (endpointId.equals("$upstream")) {
            return new String[] {UPSTREAM_TARGET, ""};
        }
        Matcher input = MODULE_INPUT.matcher(endpointId);
        if (input.matches()) {
            return new String[] {input.group(1), input.group(2)};
        }
        return new String[] {endpointId, ""};
    }
}
