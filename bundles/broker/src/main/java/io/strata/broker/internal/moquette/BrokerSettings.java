package io.strata.broker.internal.moquette;

import io.moquette.BrokerConstants;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.netty.channel.epoll.Epoll;
import io.strata.broker.internal.BrokerConfig;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The broker's settings, and the Moquette configuration they make. Moquette itself only ever opens
 * the TLS listener; the plain one is a {@link LoopbackPlainListener}.
 */
public record BrokerSettings(String bindAddress, int tlsPort, boolean plainListenerEnabled, int plainPort,
        int maxMessageBytes, Path dataDirectory, int connectTimeoutSeconds, int maxUnauthenticatedConnections) {

    /** A PUBLISH's variable header: topic (2-byte length and up to 65535 bytes) and packet id. */
    public static final int PUBLISH_HEADER_BYTES = 2 + 65_535 + 2;

    public static BrokerSettings of(BrokerConfig config, Path karafData) {
        Path data = config.dataDirectory().isBlank()
                ? karafData.resolve("strata").resolve("broker") : Path.of(config.dataDirectory());
        return new BrokerSettings(config.bindAddress(), config.tlsPort(), config.plainListenerEnabled(),
                config.plainPort(), config.maxMessageBytes(), data, config.connectTimeoutSeconds(),
                config.maxUnauthenticatedConnections());
    }

    IConfig toMoquetteConfig() {
        Properties properties = new Properties();
        // Moquette otherwise reports to its makers over the internet at every start.
        properties.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        properties.setProperty(IConfig.HOST_PROPERTY_NAME, bindAddress);
        properties.setProperty(IConfig.PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        properties.setProperty(IConfig.SSL_PORT_PROPERTY_NAME, Integer.toString(tlsPort));
        // Every client authenticates; X.509 clients send an empty password (see IotHubAuthenticator).
        properties.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        properties.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "false");
        properties.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        properties.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataDirectory.toString());
        // The decoder lets the body limit through with any topic, so the interceptor can name the
        // offender; anything bigger Moquette refuses by closing the connection.
        properties.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME,
                Integer.toString(maxMessageBytes + PUBLISH_HEADER_BYTES));
        properties.setProperty(BrokerConstants.NETTY_CHANNEL_TIMEOUT_SECONDS_PROPERTY_NAME,
                Integer.toString(connectTimeoutSeconds));
        // Linux's native transport where its library loads (x86-64, feature strata-netty-epoll): fewer system calls
        // and wake-ups per packet than Java's selector, which lowered a paced tree's latency. Moquette does not check.
        properties.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, Boolean.toString(Epoll.isAvailable()));
        return new MemoryConfig(properties);
    }
}
