package io.strata.amqp.internal.protocol;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs SAS tokens as an IoT Hub client does:
 * {@code SharedAccessSignature sr={url-encoded resource}&sig={url-encoded base64 HMAC-SHA256}&se={expiry}},
 * the HMAC keyed with the decoded key over the url-encoded resource, a newline and the expiry in
 * epoch seconds.
 */
public final class SasTokens {

    private SasTokens() {
    }

    /**
     * A token for {@code resource} (e.g. {@code {hostname}/devices/{d}}) valid until {@code expiry}.
     *
     * @param key the identity's symmetric key, base64
     * @throws IllegalArgumentException when the key is not base64
     */
    public static String create(String resource, String key, Instant expiry) {
        String encodedResource = URLEncoder.encode(resource, StandardCharsets.UTF_8);
        String seconds = Long.toString(expiry.getEpochSecond());
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The shared access key is not base64");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] signature = mac.doFinal((encodedResource + "\n" + seconds).getBytes(StandardCharsets.UTF_8));
            return "SharedAccessSignature sr=" + encodedResource + "&sig="
                    + URLEncoder.encode(Base64.getEncoder().encodeToString(signature), StandardCharsets.UTF_8)
                    + "&se=" + seconds;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The resource of an identity at a node: {@code {hostname}/devices/{d}[/modules/{m}]}. */
    public static String resource(String hostname, io.strata.api.identity.IdentityId id) {
        String device = hostname + "/devices/" + id.deviceId();
        return id.isModule() ? device + "/modules/" + id.moduleId() : device;
    }

    /** The resource ({@code sr}, decoded) a token names; null when it has none readable. */
    public static String resource(String token) {
        String encoded = field(token, "sr=");
        try {
            return encoded == null ? null : URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }


    private static String field(String token, String prefix) {
        if (token == null) {
            return null;
        }
        int start = token.indexOf(' ');
        for (String field : token.substring(start + 1).split("&")) {
            if (field.startsWith(prefix)) {
                return field.substring(prefix.length());
            }
        }
        return null;
    }
}
