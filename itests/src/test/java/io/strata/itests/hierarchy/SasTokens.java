package io.strata.itests.hierarchy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SAS tokens as a device SDK makes them from a connection string: the test holds only the keys the hub
 * handed out, so a token accepted by a lower node proves the node learnt the identity's keys by the sync.
 */
final class SasTokens {

    private static final Pattern SHARED_ACCESS_KEY = Pattern.compile("SharedAccessKey=([^;\\s]+)");

    private SasTokens() {
    }

    /** The primary key in the output of {@code edge:device-connection-string}. */
    static String keyOf(String connectionString) {
        Matcher key = SHARED_ACCESS_KEY.matcher(connectionString);
        if (!key.find()) {
            throw new IllegalArgumentException("no SharedAccessKey in: " + connectionString);
        }
        return key.group(1);
    }

    /**
     * A token for {@code deviceId} or {@code deviceId/moduleId} on the node named {@code hostname}: the
     * url-encoded resource and the expiry, signed with HMAC-SHA256 under the base64 key, as IoT Hub defines it.
     */
    static String create(String hostname, String identity, String key, Duration ttl) {
        int slash = identity.indexOf('/');
        String resource = hostname + "/devices/" + (slash < 0 ? identity
                : identity.substring(0, slash) + "/modules/" + identity.substring(slash + 1));
        String encodedResource = URLEncoder.encode(resource, StandardCharsets.UTF_8);
        long expiry = Instant.now().plus(ttl).getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            byte[] signature = mac.doFinal((encodedResource + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return "SharedAccessSignature sr=" + encodedResource + "&sig="
                    + URLEncoder.encode(Base64.getEncoder().encodeToString(signature), StandardCharsets.UTF_8)
                    + "&se=" + expiry;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
