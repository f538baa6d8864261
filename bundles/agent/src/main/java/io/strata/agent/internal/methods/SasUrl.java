package io.strata.agent.internal.methods;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sasUrl} of an upload method: an https URL of a blob container with a SAS in its query,
 * {@code https://<host>[:port]/<path to the container>?sv=...&sig=...}. Host {@code $upstream}, as in
 * IoT Edge's nested setups, stands for the parent's API proxy, through which the request climbs to the
 * top's blob storage; any other host is dialled directly.
 *
 * @param host      the host as written; {@code $upstream} for the parent
 * @param port      the port, 443 when none is written
 * @param container the container's path as written, e.g. {@code /edgestorage/uploads}
 * @param sas       the query as written, without {@code ?}
 */
record SasUrl(String host, int port, String container, String sas) {

    static final String UPSTREAM = "$upstream";

    private static final Pattern URL = Pattern.compile(
            "https://([^/:?#@\\s]+)(?::(\\d{1,5}))?(/[^?#\\s]*[^/?#\\s])/?\\?([^#\\s]+)", Pattern.CASE_INSENSITIVE);

    /** @throws BadPayloadException naming {@code field} and what is wrong with the URL */
    static SasUrl parse(String field, String url) throws BadPayloadException {
        Matcher parts = URL.matcher(url.trim());
        if (!parts.matches()) {
            throw new BadPayloadException(field + " must be https://<host or $upstream>[:port]/<container path>?<SAS>, "
                    + "not " + withoutSignature(url));
        }
        String sas = parts.group(4);
        if (!("&" + sas).contains("&sig=")) {
            throw new BadPayloadException(field + " carries no SAS signature (sig=...) in its query: "
                    + withoutSignature(url));
        }
        int port = parts.group(2) == null ? 443 : Integer.parseInt(parts.group(2));
        return new SasUrl(parts.group(1), port, parts.group(3), sas);
    }

    /** Whether the URL names the parent's proxy rather than a host to dial. */
    boolean upstream() {
        return host.equalsIgnoreCase(UPSTREAM);
    }

    /** The path and query of a blob in the container, in origin form. */
    String target(String blobName) {
        StringBuilder path = new StringBuilder(container);
        for (String segment : blobName.split("/")) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.append('?').append(sas).toString();
    }

    @Override
    public String toString() {
        return "https://" + host + ":" + port + container;
    }

    /** The URL for a message: the signature is a credential. */
    private static String withoutSignature(String url) {
        return url.replaceAll("(?i)sig=[^&#\\s]*", "sig=<removed>");
    }
}
