package io.strata.upstream.internal;

import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import io.strata.api.node.NodeSettings;
import io.strata.api.node.UpstreamStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The connectivity checks of {@code edge:check} on a node with a parent, each a step the link needs:
 * the parent's address resolves and its port answers, its TLS certificate is trusted and names
 * {@code parentHostname}, and the link is up (so this node's credentials were accepted). On the top
 * node they are skipped.
 */
final class ParentChecks {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String CONFIG = "etc/" + NodeSettings.PID + ".cfg";

    private ParentChecks() {
    }

    static List<HealthCheck> of(Supplier<Optional<ParentProbe>> probe) {
        return List.of(
                check("parent-reachable", "parent's address resolves and its port answers", probe,
                        ParentChecks::reachable),
                check("parent-tls", "parent's certificate is trusted and names parentHostname", probe,
                        ParentChecks::tls),
                check("parent-link", "the link to the parent is up (this node's credentials accepted)", probe,
                        ParentChecks::link));
    }

    private static HealthCheck check(String id, String description, Supplier<Optional<ParentProbe>> probe,
            Function<ParentProbe, CheckResult> step) {
        return HealthCheck.of(HealthCheck.CONNECTIVITY, id, description, () -> probe.get().map(step).orElseGet(
                () -> CheckResult.skipped("no parent: this node is the top of its tree, or its parent settings are "
                        + "wrong (see the log)")));
    }

    static CheckResult reachable(ParentProbe probe) {
        UpstreamSettings settings = probe.settings();
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.address());
        } catch (UnknownHostException e) {
            return CheckResult.error(settings.address() + " does not resolve", "add it to DNS or /etc/hosts, or set "
                    + NodeSettings.PARENT_ADDRESS + " in " + CONFIG + " to its address");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, settings.port()), (int) CONNECT_TIMEOUT.toMillis());
            return CheckResult.ok(settings.address() + " (" + address.getHostAddress() + ") answers on port "
                    + settings.port() + " (" + settings.protocol() + ")");
        } catch (IOException e) {
            return CheckResult.error(settings.address() + " (" + address.getHostAddress() + ") port " + settings.port()
                    + " does not answer: " + e.getMessage(), "check that the parent runs with its " + settings.protocol()
                            + " listener on that port, and that no firewall is in the way ("
                            + NodeSettings.PARENT_PORT + " in " + CONFIG + ")");
        }
    }

    static CheckResult tls(ParentProbe probe) {
        UpstreamSettings settings = probe.settings();
        try (SSLSocket socket = (SSLSocket) probe.tls().get().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(settings.address(), settings.port()), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(settings.parentHostname())));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            if (!new ParentHostnameVerifier(settings.parentHostname()).verify(settings.address(), socket.getSession())) {
                return CheckResult.error("the parent's certificate " + socket.getSession().getPeerPrincipal()
                        + " does not name " + settings.parentHostname(), "set " + NodeSettings.PARENT_HOSTNAME
                                + " to the name the parent's certificate carries (its own hostname setting)");
            }
            return CheckResult.ok(socket.getSession().getPeerPrincipal() + " over " + socket.getSession().getProtocol());
        } catch (IOException | RuntimeException e) {
            return CheckResult.error("no TLS session with " + settings.endpoint() + ": " + e.getMessage(),
                    "the parent's chain must lead to a CA of this node's trust bundle (etc/io.strata.certs.cfg)");
        }
    }

    static CheckResult link(ParentProbe probe) {
        UpstreamStatus status = probe.status().get();
        if (status.state() == UpstreamStatus.State.CONNECTED) {
            return CheckResult.ok("connected to " + status.address() + " over " + status.protocol() + " since "
                    + status.since());
        }
        return CheckResult.error(status.state() + " since " + status.since()
                + (status.lastError() == null ? "" : ": " + status.lastError()),
                "check this node's credentials (" + NodeSettings.UPSTREAM_SHARED_ACCESS_KEY + " or "
                        + NodeSettings.UPSTREAM_CERTIFICATE + " in " + CONFIG + ") and that the parent registered it "
                        + "as a child (edge:device-add ... -p <parent> on the parent)");
    }
}
