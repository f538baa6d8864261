package io.strata.api.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * This node's hostname and its own edge device id, with the defaults of {@link NodeConfiguration}
 * applied.
 *
 * @param hostname the configured hostname, or else the machine's name; always lower case, as the
 *                 server certificate and the SAS token resources need it
 * @param deviceId the configured device id, or else the hostname
 */
public record NodeNames(String hostname, String deviceId) {

    public static NodeNames of(NodeConfiguration config) {
        return of(config.hostname(), config.deviceId());
    }

    /** The names from the raw values of {@link NodeSettings#HOSTNAME} and {@link NodeSettings#DEVICE_ID}; null or blank is unset. */
    static NodeNames of(String configuredHostname, String configuredDeviceId) {
        String hostname = trimmed(configuredHostname);
        if (hostname.isEmpty()) {
            try {
                hostname = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                hostname = "localhost";
            }
        }
        hostname = hostname.toLowerCase(Locale.ROOT);
        String deviceId = trimmed(configuredDeviceId);
        return new NodeNames(hostname, deviceId.isEmpty() ? hostname : deviceId);
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }
}
