package io.strata.blob.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Service shared access signatures of the Blob service for a container ({@code sr=c}) or one blob
 * ({@code sr=b}): {@code sv, sr, sp, [st,] se, sig}, the signature an HMAC-SHA256 with the account's key
 * over Azure's string-to-sign of that version. A refusal carries Azure's error code: a signature that
 * does not match (another container, a changed field, another key) or a time outside {@code st..se} is
 * {@code AuthenticationFailed}, an operation the permissions do not grant
 * {@code AuthorizationPermissionMismatch}. Stored access policies ({@code si}), IP ranges ({@code sip})
 * and user delegation keys are not served: a SAS with them is refused naming the field.
 */
final class ServiceSas {

    /** The oldest version whose string-to-sign this service computes, and the one that added {@code ses}. */
    private static final String OLDEST_VERSION = "2018-11-09";
    private static final String ENCRYPTION_SCOPE_VERSION = "2020-12-06";
    private static final List<String> UNSERVED = List.of("si", "sip", "skoid", "sktid", "skt", "ske", "sks", "skv",
            "saoid", "suoid", "sduoid", "scid");

    private final SharedKey key;

    ServiceSas(SharedKey key) {
        this.key = key;
    }

    String account() {
        return key.account();
    }

    /** Whether the request authenticates with a SAS rather than a Shared Key. */
    static boolean carriedBy(BlobRequest request) {
        return request.parameter("sig").isPresent();
    }

    /**
     * @param blobExists whether the request's blob exists already: permission {@code c} creates, never overwrites
     * @throws BlobException 403 with Azure's code when the SAS does not authorize this request now
     */
    void verify(BlobRequest request, Instant now, BooleanSupplier blobExists) throws BlobException {
        for (String field : UNSERVED) {
            if (request.parameter(field).isPresent()) {
                throw failed("the SAS field '" + field + "' is not served by this node's blob storage (no stored "
                        + "access policies, IP ranges or user delegation keys): make a service SAS with sv, sr, sp, "
                        + "st, se, sig");
            }
        }
        String version = required(request, "sv");
        if (version.compareTo(OLDEST_VERSION) < 0) {
            throw failed("sv=" + version + " is older than " + OLDEST_VERSION + ", the oldest SAS version served here");
        }
        String resource = required(request, "sr");
        if (!resource.equals("c") && !resource.equals("b")) {
            throw failed("sr=" + resource + ": this node's blob storage serves container (c) and blob (b) SAS only");
        }
        if (resource.equals("b") && request.blob() == null) {
            throw failed("a blob SAS (sr=b) authorizes requests to its blob, this one is to container "
                    + request.container());
        }
        String protocol = request.parameter("spr").orElse("");
        if (protocol.equals("http")) {
            throw new BlobException(403, "AuthorizationProtocolMismatch", "This request is not authorized to perform "
                    + "this operation using this protocol: the SAS allows http only, this service is https");
        }
        String stringToSign = stringToSign(request, version, resource);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(required(request, "sig"));
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (!MessageDigest.isEqual(key.sign(stringToSign), given)) {
            throw new BlobException(403, "AuthenticationFailed", "Server failed to authenticate the request. Make "
                    + "sure the value of Authorization header is formed correctly including the signature.",
                    "Signature did not match. String to sign used was " + stringToSign);
        }
        checkTime(request, now);
        char needed = permissionNeeded(request, blobExists);
        String permissions = request.parameter("sp").orElse("");
        if (permissions.indexOf(needed) < 0 && !(needed == 'c' && permissions.indexOf('w') >= 0)) {
            throw new BlobException(403, "AuthorizationPermissionMismatch", "This request is not authorized to "
                    + "perform this operation using this permission: " + request.method() + " needs '" + needed
                    + "', the SAS grants '" + permissions + "'");
        }
    }

    /**
     * A container SAS as an operator hands it out: version {@link BlobRoute#SERVICE_VERSION}, https only,
     * valid from now until {@code expiry}.
     *
     * @return the query string, without {@code ?}
     */
    String containerSas(String container, String permissions, Instant expiry) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sv", BlobRoute.SERVICE_VERSION);
        fields.put("spr", "https");
        fields.put("se", expiry.truncatedTo(ChronoUnit.SECONDS).toString());
        fields.put("sr", "c");
        fields.put("sp", permissions);
        String stringToSign = stringToSign(field -> fields.getOrDefault(field, ""), canonicalResource(container, null),
                BlobRoute.SERVICE_VERSION);
        fields.put("sig", Base64.getEncoder().encodeToString(key.sign(stringToSign)));
        return fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private String stringToSign(BlobRequest request, String version, String resource) {
        return stringToSign(field -> request.parameter(field).orElse(""),
                canonicalResource(request.container(), resource.equals("b") ? request.blob() : null), version);
    }

    /** Azure's string-to-sign of a service SAS of {@code version}, its fields by query name. */
    private static String stringToSign(Function<String, String> field, String canonicalResource, String version) {
        List<String> lines = new ArrayList<>();
        List.of("sp", "st", "se").forEach(name -> lines.add(field.apply(name)));
        lines.add(canonicalResource);
        List.of("si", "sip", "spr", "sv", "sr", "snapshot").forEach(name -> lines.add(field.apply(name)));
        if (version.compareTo(ENCRYPTION_SCOPE_VERSION) >= 0) {
            lines.add(field.apply("ses"));
        }
        List.of("rscc", "rscd", "rsce", "rscl", "rsct").forEach(name -> lines.add(field.apply(name)));
        return String.join("\n", lines);
    }

    private String canonicalResource(String container, String blob) {
        return "/blob/" + key.account() + "/" + (container == null ? "" : container) + (blob == null ? "" : "/" + blob);
    }

    private static void checkTime(BlobRequest request, Instant now) throws BlobException {
        String start = request.parameter("st").orElse(null);
        String expiry = required(request, "se");
        Instant from = start == null ? null : time("st", start);
        Instant until = time("se", expiry);
        if (from != null && now.isBefore(from) || !now.isBefore(until)) {
            throw failed("Signature not valid in the specified time frame: Start [" + (start == null ? "" : start)
                    + "] - Expiry [" + expiry + "] - Current [" + HttpDates.format(now) + "]");
        }
    }

    /** The letter of {@code sp} the request needs: read, list, create, write or delete. */
    private static char permissionNeeded(BlobRequest request, BooleanSupplier blobExists) throws BlobException {
        String method = request.method();
        if (request.container() == null) {
            throw new BlobException(403, "AuthorizationResourceTypeMismatch", "This request is not authorized to "
                    + "perform this operation using this resource type: a service SAS reaches one container, not the "
                    + "account's list of containers");
        }
        if (request.blob() == null) {
            if (method.equals("GET") && request.has("comp", "list")) {
                return 'l';
            }
            if (method.equals("GET") || method.equals("HEAD")) {
                return 'r';
            }
            throw new BlobException(403, "AuthorizationPermissionMismatch", "This request is not authorized to "
                    + "perform this operation using this permission: a service SAS cannot " + method + " a container");
        }
        return switch (method) {
            case "GET", "HEAD" -> 'r';
            case "DELETE" -> 'd';
            // a block is uploaded before the blob exists: creating it is what Put Block prepares
            default -> request.has("comp", "block") || !blobExists.getAsBoolean() ? 'c' : 'w';
        };
    }

    private static Instant time(String field, String value) throws BlobException {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw failed(field + "=" + value + " is not an ISO 8601 UTC time such as 2026-12-07T09:00:00Z");
        }
    }

    private static String required(BlobRequest request, String field) throws BlobException {
        return request.parameter(field).orElseThrow(() -> failed("the SAS lacks its mandatory field '" + field + "'"));
    }

    private static BlobException failed(String why) {
        return new BlobException(403, "AuthenticationFailed", "Server failed to authenticate the request: " + why);
    }
}
