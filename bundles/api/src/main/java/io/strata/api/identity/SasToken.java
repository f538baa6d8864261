package io.strata.api.identity;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@code SharedAccessSignature sr=..&sig=..&se=..[&skn=..]} token as IoT Hub defines it, and how
 * to sign one. The signature is an HMAC-SHA256, keyed with the base64-decoded key, of the
 * url-encoded resource, a newline and the expiry in epoch seconds. Identities sign tokens to
 * authenticate; the identity registry parses and checks them.
 */
public final class SasToken {

    private static final String PREFIX = "SharedAccessSignature ";
    private static final Set<String> FIELDS = Set.of("sr", "sig", "se", "skn");

    /** The {@code sr} field exactly as sent: what the client signed. */
    private final String signedResource;
    private final String resource;
    private final byte[] signature;
    private final String signedExpiry;
    private final long expiry;

    private SasToken(String signedResource, String resource, byte[] signature, String signedExpiry, long expiry) {
        this.signedResource = signedResource;
        this.resource = resource;
        this.signature = signature;
        this.signedExpiry = signedExpiry;
        this.expiry = expiry;
    }

    /**
     * Parses a token; its fields may come in any order. The policy name {@code skn} is accepted and
     * not used: a device's or module's own keys sign its tokens.
     *
     * @throws IllegalArgumentException saying what is malformed, without repeating the token
     */
    public static SasToken parse(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            throw new IllegalArgumentException("the token does not start with '" + PREFIX.trim() + "'");
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : token.substring(PREFIX.length()).split("&", -1)) {
            int equals = field.indexOf('=');
            String name = equals < 0 ? field : field.substring(0, equals);
            if (equals < 0 || !FIELDS.contains(name)) {
                throw new IllegalArgumentException("the token has an unknown field '" + name + "'");
            }
            if (fields.put(name, field.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("the token has field '" + name + "' twice");
            }
        }
        String signedResource = required(fields, "sr");
        String signedSignature = required(fields, "sig");
        String signedExpiry = required(fields, "se");
        if (!signedExpiry.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("the token's expiry 'se' is not a number of seconds");
        }
        try {
            return new SasToken(signedResource, URLDecoder.decode(signedResource, StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(URLDecoder.decode(signedSignature, StandardCharsets.UTF_8)),
                    signedExpiry, Long.parseLong(signedExpiry));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the token's resource or signature is not validly encoded");
        }
    }

    /** The resource an identity's tokens name on a node: {@code {host}/devices/{d}[/modules/{m}]}. */
    public static String resource(String hostname, IdentityId id) {
        String device = hostname + "/devices/" + id.deviceId();
        return id.isModule() ? device + "/modules/" + id.moduleId() : device;
    }

    /**
     * A token for the resource (e.g. {@code {hostname}/devices/{d}}), signed with the key, valid until
     * {@code expiry}.
     *
     * @param key the identity's symmetric key, base64
     * @throws IllegalArgumentException when the key is not base64
     */
    public static String create(String resource, String key, Instant expiry) {
        String encodedResource = encode(resource);
        String seconds = Long.toString(expiry.getEpochSecond());
        String signature = Base64.getEncoder().encodeToString(sign(key.trim(), encodedResource, seconds));
        return PREFIX + "sr=" + encodedResource + "&sig=" + encode(signature) + "&se=" + seconds;
    }

    /** The decoded resource ({@code sr}). */
    public String resource() {
        return resource;
    }

    public long expiry() {
        return expiry;
    }

    /**
     * Whether the token names the identity's resource on this host. Like IoT Hub it ignores case,
     * and like IoT Edge clients it accepts ids that were url-encoded before the resource was.
     */
    public boolean isFor(String hostname, IdentityId id) {
        String expected = resource(hostname, id);
        if (resource.equalsIgnoreCase(expected)) {
            return true;
        }
        try {
            return URLDecoder.decode(resource, StandardCharsets.UTF_8).equalsIgnoreCase(expected);
        } catch (IllegalArgumentException e) {
            return false; // a '%' that starts no escape: the ids were not encoded
        }
    }

    /** Whether the base64 key made the signature, compared in constant time. */
    public boolean isSignedWith(String key) {
        return MessageDigest.isEqual(signature, sign(key, signedResource, signedExpiry));
    }

    private static byte[] sign(String key, String encodedResource, String expiry) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The shared access key is not base64");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal((encodedResource + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the token has no '" + name + "' field");
        }
        return value;
    }
}
