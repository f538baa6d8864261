package io.strata.blob.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shared Key authorization as the Blob service defines it: {@code Authorization: SharedKey
 * <account>:<signature>}, the signature an HMAC-SHA256 with the account's key over the verb, the
 * standard headers, the canonicalized {@code x-ms-*} headers and the canonicalized resource. The
 * signatures are compared in constant time; a refusal names the string this service signed, as Azure
 * does, so that a client can see where it differs.
 */
final class SharedKey {

    private static final String SCHEME = "SharedKey ";
    /** How far a request's date may be from now, as the service allows. */
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final List<String> STANDARD_HEADERS = List.of("content-encoding", "content-language",
            "content-length", "content-md5", "content-type", "date", "if-modified-since", "if-match", "if-none-match",
            "if-unmodified-since", "range");

    private final String account;
    private final byte[] key;

    /** @throws IllegalArgumentException when the key is not base64 */
    SharedKey(String account, String base64Key) {
        this.account = account;
        this.key = Base64.getDecoder().decode(base64Key);
    }

    String account() {
        return account;
    }

    /** @throws BlobException 401 or 403 naming what is wrong with the request's authorization */
    void verify(BlobRequest request, Instant now) throws BlobException {
        String authorization = request.header("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new BlobException(401, "NoAuthenticationInformation", "Server failed to authenticate the request: "
                    + "it carries no 'Authorization: SharedKey " + account + ":<signature>'");
        }
        String credential = authorization.substring(SCHEME.length()).trim();
        int colon = credential.lastIndexOf(':');
        if (colon < 0 || !credential.substring(0, colon).equals(account)) {
            throw new BlobException(403, "AuthenticationFailed", "Server failed to authenticate the request: the "
                    + "Shared Key names account '" + (colon < 0 ? credential : credential.substring(0, colon))
                    + "', this service's account is '" + account + "'");
        }
        checkDate(request, now);
        String stringToSign = stringToSign(request);
        byte[] expected = sign(stringToSign);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(credential.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new BlobException(403, "AuthenticationFailed", "Server failed to authenticate the request. Make "
                    + "sure the value of Authorization header is formed correctly including the signature.",
                    "The MAC signature found in the HTTP request '" + credential.substring(colon + 1) + "' is not the "
                            + "same as any computed signature. Server used following string to sign: '"
                            + stringToSign + "'.");
        }
    }

    /** The string a client signs for this request. */
    String stringToSign(BlobRequest request) {
        StringBuilder text = new StringBuilder(request.method()).append('\n');
        for (String name : STANDARD_HEADERS) {
            String value = request.header(name);
            if (name.equals("content-length") && "0".equals(value)
                    || name.equals("date") && request.header("x-ms-date") != null) {
                value = null; // as the service defines them from version 2015-02-21 on
            }
            text.append(value == null ? "" : value).append('\n');
        }
        new TreeMap<>(request.headers()).forEach((name, values) -> {
            if (name.startsWith("x-ms-")) {
                text.append(name).append(':').append(String.join(",", values.stream().map(String::trim).toList()))
                        .append('\n');
            }
        });
        text.append('/').append(account).append(request.rawPath());
        Map<String, List<String>> query = new TreeMap<>(request.query());
        query.forEach((name, values) -> text.append('\n').append(name).append(':')
                .append(String.join(",", values.stream().sorted().toList())));
        return text.toString();
    }

    byte[] sign(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static void checkDate(BlobRequest request, Instant now) throws BlobException {
        String date = request.header("x-ms-date") != null ? request.header("x-ms-date") : request.header("date");
        if (date == null) {
            throw new BlobException(403, "AuthenticationFailed", "Server failed to authenticate the request: it "
                    + "carries neither x-ms-date nor Date");
        }
        Instant sent;
        try {
            sent = HttpDates.parse(date);
        } catch (DateTimeParseException e) {
            throw new BlobException(403, "AuthenticationFailed", "Server failed to authenticate the request: its "
                    + "date '" + date + "' is not an RFC 1123 date");
        }
        if (Duration.between(sent, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new BlobException(403, "AuthenticationFailed", "Server failed to authenticate the request: its "
                    + "date " + date + " is more than " + MAX_SKEW.toMinutes() + " minutes from the server's "
                    + HttpDates.format(now));
        }
    }
}
