package io.strata.metrics.internal;

import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.agent.ModuleStatus;
import io.strata.api.identity.IdentityId;
import io.strata.api.module.ClientConnection;
import io.strata.api.module.ClientConnections;
import io.strata.api.node.UpstreamStatus;
import io.strata.api.routing.EndpointStatus;
import io.strata.api.routing.ReceivedCount;
import io.strata.api.routing.RouteStatus;
import io.strata.api.routing.RouteTestResult;
import io.strata.api.routing.RoutingDiagnostics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A node's figures as the tests set them: what the routing, connections, agent and upstream services report. */
final class FakeNode implements RoutingDiagnostics, ClientConnections, EdgeAgent {

    final List<EndpointStatus> endpoints = new CopyOnWriteArrayList<>();
    final List<ReceivedCount> received = new CopyOnWriteArrayList<>();
    final List<RouteStatus> routes = new CopyOnWriteArrayList<>();
    final List<ClientConnection> clients = new CopyOnWriteArrayList<>();
    final List<ModuleStatus> modules = new CopyOnWriteArrayList<>();
    final OperationCounts operations = new OperationCounts();
    volatile Map<String, Long> unrouted = Map.of();
    volatile UpstreamStatus.State upstream = UpstreamStatus.State.CONNECTED;

    NodeSources sources(boolean withUpstream) {
        return new NodeSources(this, this, this, withUpstream
                ? () -> new UpstreamStatus("parent.local", "parent.local:5671", "amqp", upstream, Instant.EPOCH, null)
                : null);
    }

    static EndpointStatus endpoint(String id, long depth, long delivered) {
        return new EndpointStatus(id, "idle", depth, null, delivered, delivered, 1, 2, 3, null);
    }

    static ModuleStatus module(String name, String runtimeStatus, int restarts) {
        return new ModuleStatus(name, "karaf-feature", "1.0", "running", runtimeStatus, "", "always", restarts,
                Instant.EPOCH, null, null);
    }

    static ClientConnection client(String id, boolean connected) {
        return new ClientConnection(IdentityId.parse(id), "mqtt", connected, Instant.EPOCH, null);
    }

    @Override
    public List<RouteStatus> routes() {
        return routes;
    }

    @Override
    public Map<String, Long> unrouted() {
        return unrouted;
    }

    @Override
    public List<ReceivedCount> received() {
        return received;
    }

    @Override
    public List<EndpointStatus> endpoints() {
        return endpoints;
    }

    @Override
    public RouteTestResult test(String route, String message) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void connected(IdentityId client, String transport) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void disconnected(IdentityId client, String transport) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ClientConnection> clients() {
        return clients;
    }

    @Override
    public DeploymentStatus deploy(String manifest) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DeploymentStatus deployTo(String deviceId, String manifest) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DeploymentStatus deployment() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ModuleStatus> modules() {
        return modules;
    }

    @Override
    public ModuleStatus restartModule(String moduleId) {
        throw new UnsupportedOperationException();
    }
}
