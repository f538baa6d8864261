package io.strata.amqp.internal.protocol;

import io.strata.api.identity.IdentityId;
import java.util.Locale;

/**
 * A link address as IoT Hub names them, {@code /devices/{d}[/modules/{m}]/{endpoint}}, or one of
 * Strata's node links {@code /devices/{E}/$strata/{link}}. An {@code amqps://host} prefix, as
 * some SDKs send it, is ignored.
 *
 * @param identity the device or module the address names
 * @param endpoint what the link is for
 */
public record LinkAddress(IdentityId identity, Endpoint endpoint) {

    /** What a link carries. */
    public enum Endpoint {
        /** {@code messages/events}: telemetry or module output from the client; module input to it. */
        EVENTS("messages/events", true),
        /** {@code messages/devicebound}: cloud-to-device messages (devices only). */
        DEVICEBOUND("messages/devicebound", false),
        /** {@code methods/devicebound}: direct method requests and responses. */
        METHODS("methods/devicebound", true),
        /** {@code twin}: twin requests, responses and desired notifications. */
        TWIN("twin", true),
        /** {@code $strata/identities}: identity snapshots of an edge device's subtree. */
        NODE_IDENTITIES("$strata/identities", false),
        /** {@code $strata/twins/desired}: desired sections of the subtree's twins, downwards. */
        NODE_TWINS_DESIRED("$strata/twins/desired", false),
        /** {@code $strata/twins/reported}: reported sections of the subtree's twins, upwards. */
        NODE_TWINS_REPORTED("$strata/twins/reported", false),
        /** {@code $strata/methods}: direct method calls for the subtree, and their answers. */
        NODE_METHODS("$strata/methods", false),
        /** {@code $strata/c2d}: cloud-to-device messages for the subtree. */
        NODE_C2D("$strata/c2d", false);

        private final String path;
        private final boolean forModules;

        Endpoint(String path, boolean forModules) {
            this.path = path;
            this.forModules = forModules;
        }

        /** The address's tail after the identity, e.g. {@code messages/events}. */
        public String path() {
            return path;
        }

        /** Whether a module address may name it. */
        public boolean forModules() {
            return forModules;
        }

        /** Whether it is one of the {@code $strata} node links of an edge device. */
        public boolean isNodeLink() {
            return path.startsWith("$strata/");
        }
    }

    public LinkAddress {
        if (identity.isModule() && !endpoint.forModules()) {
            throw new IllegalArgumentException("A module has no " + endpoint.path() + " link");
        }
    }

    public static LinkAddress of(IdentityId identity, Endpoint endpoint) {
        return new LinkAddress(identity, endpoint);
    }

    /**
     * Parses an address.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static LinkAddress parse(String address) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("The link has no address");
        }
        String path = address;
        if (path.toLowerCase(Locale.ROOT).startsWith("amqps://") || path.toLowerCase(Locale.ROOT).startsWith("amqp://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "" : path.substring(slash);
        }
        String[] parts = path.split("/", -1);
        // "", "devices", d, [modules, m,] endpoint...
        if (parts.length < 4 || !parts[0].isEmpty() || !parts[1].equals("devices")) {
            throw unknown(address);
        }
        int next = 3;
        String moduleId = null;
        if (parts[3].equals("modules") && parts.length >= 6) {
            moduleId = parts[4];
            next = 5;
        }
        String tail = String.join("/", java.util.Arrays.copyOfRange(parts, next, parts.length));
        IdentityId identity;
        try {
            identity = new IdentityId(parts[2], moduleId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown link address '" + address + "': " + e.getMessage());
        }
        for (Endpoint endpoint : Endpoint.values()) {
            if (endpoint.path.equals(tail)) {
                if (identity.isModule() && !endpoint.forModules) {
                    throw new IllegalArgumentException("Unknown link address '" + address + "': a module has no "
                            + endpoint.path + " link");
                }
                return new LinkAddress(identity, endpoint);
            }
        }
        throw unknown(address);
    }

    /** The address, {@code /devices/{d}[/modules/{m}]/{endpoint}}. */
    @Override
    public String toString() {
        String device = "/devices/" + identity.deviceId();
        return (identity.isModule() ? device + "/modules/" + identity.moduleId() : device) + "/" + endpoint.path;
    }

    private static IllegalArgumentException unknown(String address) {
        return new IllegalArgumentException("Unknown link address '" + address
                + "': use /devices/{deviceId}[/modules/{moduleId}]/messages/events, /messages/devicebound,"
                + " /methods/devicebound, /twin, or an edge device's /$strata/... links");
    }
}
