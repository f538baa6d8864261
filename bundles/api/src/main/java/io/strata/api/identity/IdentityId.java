package io.strata.api.identity;

import java.util.Objects;

/**
 * Names a device ({@code deviceId}) or one of its modules ({@code deviceId/moduleId}). Ids follow
 * the IoT Hub rules: up to 128 characters of letters, digits and {@code - . % _ * ? ! ( ) , : = @ $ '}.
 */
public record IdentityId(String deviceId, String moduleId) {

    private static final int MAX_LENGTH = 128;
    private static final String PUNCTUATION = "-.%_*?!(),:=@$'";

    public IdentityId {
        requireValid("device id", deviceId);
        if (moduleId != null) {
            requireValid("module id", moduleId);
        }
    }

    public static IdentityId device(String deviceId) {
        return new IdentityId(deviceId, null);
    }

    public static IdentityId module(String deviceId, String moduleId) {
        return new IdentityId(deviceId, Objects.requireNonNull(moduleId, "module id"));
    }

    /** Parses {@code deviceId} or {@code deviceId/moduleId}, the form MQTT client ids use. */
    public static IdentityId parse(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? device(text) : module(text.substring(0, slash), text.substring(slash + 1));
    }

    public boolean isModule() {
        return moduleId != null;
    }

    @Override
    public String toString() {
        return isModule() ? deviceId + "/" + moduleId : deviceId;
    }

    /** Checked character by character: a forwarding node makes ids for every message, and a regex was most of that. */
    private static void requireValid(String what, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("Invalid " + what + " '" + id
                    + "': use 1 to 128 letters, digits or - . % _ * ? ! ( ) , : = @ $ '");
        }
    }

    private static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || PUNCTUATION.indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
