package io.strata.api.check;

import io.strata.api.transport.LoopbackTlsRelay;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A listener of the node accepts connections on the address it is configured for: the check a
 * bundle with a listener registers. It connects from this node, so a listener that did not start
 * (port taken, certificate missing) shows as an error whatever the log says.
 */
public final class ListenerCheck implements HealthCheck {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** Where a listener is configured to listen. */
    public record Address(String bindAddress, int port) {
    }

    private final String name;
    private final String configFile;
    private final Supplier<Optional<Address>> configured;

    /**
     * @param name       what listens, e.g. {@code MQTT over TLS}
     * @param configFile where its settings are, e.g. {@code etc/io.strata.broker.cfg}
     * @param configured the address it is configured for; empty while it is disabled
     */
    public ListenerCheck(String name, String configFile, Supplier<Optional<Address>> configured) {
        this.name = name;
        this.configFile = configFile;
        this.configured = configured;
    }

    @Override
    public String group() {
        return CONFIGURATION;
    }

    @Override
    public String id() {
        return "listener-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    @Override
    public String description() {
        return name + " listener accepts connections";
    }

    @Override
    public CheckResult check() {
        Optional<Address> address = configured.get();
        if (address.isEmpty()) {
            return CheckResult.skipped("disabled in " + configFile);
        }
        String where = address.get().bindAddress() + ":" + address.get().port();
        try (Socket socket = new Socket()) {
            InetSocketAddress local = LoopbackTlsRelay.localAddressOf(address.get().bindAddress(), address.get().port());
            socket.connect(local, (int) CONNECT_TIMEOUT.toMillis());
            return CheckResult.ok("listening on " + where);
        } catch (IOException e) {
            return CheckResult.error("nothing accepts connections on " + where + ": " + e.getMessage(),
                    "the log says why the listener did not start (a port another process holds, a missing "
                            + "certificate); fix " + configFile + " or free the port");
        }
    }
}
