package io.strata.api.identity;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a device ({@code deviceId}) or one of its modules ({@code deviceId/moduleId}). Ids follow
 * the IoT Hub rules: up to 128 characters of letters, digits and {@code - . % _ * ? ! ( ) , : = @ $ '}.
 */
public record IdentityId(String deviceId, String moduleId) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9\\-.%_*?!(),:=@$']{1,128}");

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

    private static void requireValid(String what, String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid " + what + " '" + id
                    + "': use 1 to 128 letters, digits or - . % _ * ? ! ( ) , : = @ $ '");
        }
    }
}
