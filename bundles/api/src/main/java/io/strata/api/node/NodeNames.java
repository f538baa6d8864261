package io.strata.api.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * This node's hostname and its own edge device id, with the defaults of {@link NodeConfiguration}
 * applied.
 *
 * @param hostname the configured hostname, or else the machine's name; always lower case, as the
 *                 server certificate and the SAS token resources need it
 * @param deviceId the configured device id, or else the hostname
 */
public record NodeNames(String hostname, String deviceId) {

    /** The longest hostname a node may have, as IoT Edge allows. */
    public static final int MAX_HOSTNAME_LENGTH = 64;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

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

    /**
     * What makes a lower-case hostname unfit for a node (what children dial, what the server certificate
     * and SAS tokens name): more than {@value #MAX_HOSTNAME_LENGTH} characters, or a label that is not 1-63
     * letters, digits or inner hyphens.
     *
     * @return the problem in a sentence naming the hostname, or empty when it is fit
     */
    public static Optional<String> hostnameProblem(String hostname) {
        if (hostname.length() > MAX_HOSTNAME_LENGTH) {
            return Optional.of(hostname + " has " + hostname.length() + " characters, more than " + MAX_HOSTNAME_LENGTH);
        }
        for (String label : hostname.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of(hostname + " is not a valid hostname: the label '" + label + "' is not "
                        + "1-63 letters, digits or inner hyphens");
            }
        }
        return Optional.empty();
    }
}
