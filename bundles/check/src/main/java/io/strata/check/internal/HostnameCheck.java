package io.strata.check.internal;

import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import java.util.Optional;

/**
 * The node's {@code hostname}: what children dial and what the server certificate and SAS tokens
 * name, so it must be a valid DNS name of at most 64 characters, in lower case, that resolves.
 */
final class HostnameCheck implements HealthCheck {

    private static final String SETTING = NodeSettings.HOSTNAME + " in etc/" + NodeSettings.PID + ".cfg";

    private final Supplier<NodeConfiguration> node;
    private final HostResolver resolver;

    /** Looks a name up; the check's seam to the system resolver. */
    interface HostResolver {
        InetAddress resolve(String name) throws UnknownHostException;
    }

    HostnameCheck(Supplier<NodeConfiguration> node, HostResolver resolver) {
        this.node = node;
        this.resolver = resolver;
    }

    @Override
    public String group() {
        return CONFIGURATION;
    }

    @Override
    public String id() {
        return "node-hostname";
    }

    @Override
    public String description() {
        return "node hostname is a valid name that resolves";
    }

    @Override
    public CheckResult check() {
        String configured = node.get().hostname().trim();
        String hostname = NodeNames.of(node.get()).hostname();
        Optional<String> problem = NodeNames.hostnameProblem(hostname);
        if (problem.isPresent()) {
            return CheckResult.error(problem.get(), "set a valid " + SETTING);
        }
        try {
            InetAddress address = resolver.resolve(hostname);
            if (configured.isEmpty()) {
                return CheckResult.warning("not set: the machine's name " + hostname + " (" + address.getHostAddress()
                        + ") is used", "set " + SETTING + " to the name children use to reach this node");
            }
            if (!configured.equals(hostname)) {
                return CheckResult.warning(configured + " is used in lower case, as " + hostname,
                        "write " + SETTING + " in lower case, as certificates and tokens name it");
            }
            return CheckResult.ok(hostname + " resolves to " + address.getHostAddress());
        } catch (UnknownHostException e) {
            return CheckResult.warning(hostname + " does not resolve on this node",
                    "add it to DNS or /etc/hosts, or give children its address in their parentAddress");
        }
    }
}
