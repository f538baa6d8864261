package io.strata.blob.internal;

import io.strata.api.proxy.ProxyExchange;
import io.strata.api.proxy.ProxyRoute;
import io.strata.blob.internal.BlobStore.BodyChecks;
import io.strata.blob.internal.BlobStore.BlockReference;
import io.strata.blob.internal.BlobStore.Container;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Blob service's REST operations that the Azure Storage SDKs use for block blobs, path style under
 * the account's name ({@code /<account>/<container>/<blob>}, as Azurite and Blob Storage on IoT Edge
 * serve them: an SDK whose endpoint has a port takes the first path segment for the account): create, list, get properties and delete
 * containers; Put Blob, Put Block, Put Block List, Get Blob (with a range), Get Blob Properties, List
 * Blobs and Delete Blob. Every request is authorized first, with the account's Shared Key or with a
 * service SAS in its query ({@link ServiceSas}); every answer
 * carries {@code x-ms-request-id} and {@code x-ms-version}, and a refusal the service's XML error with
 * its {@code x-ms-error-code}.
 */
final class BlobRoute implements ProxyRoute {

    /** The version answered when the client names none. */
    static final String SERVICE_VERSION = "2025-01-05";
    private static final int MAX_LIST_RESULTS = 5000;
    /** A Put Block List body of 50,000 blocks with 64-byte ids stays below this. */
    private static final int MAX_BLOCK_LIST_BYTES = 8 * 1024 * 1024;
    /** A refused upload smaller than this is read to its end first, so the client hears the answer. */
    private static final long DRAIN_BYTES = 4 * 1024 * 1024;
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d+)-(\\d*)$");

    private final String prefix;
    private final SharedKey sharedKey;
    private final ServiceSas serviceSas;
    private final BlobStore store;
    private final Clock clock;

    BlobRoute(SharedKey sharedKey, BlobStore store, Clock clock) {
        this.prefix = prefixOf(sharedKey.account());
        this.sharedKey = sharedKey;
        this.serviceSas = new ServiceSas(sharedKey);
        this.store = store;
        this.clock = clock;
    }

    /**
     * The path prefix the route of an account serves: without a trailing slash, as the SDKs list
     * containers on {@code /<account>?comp=list}.
     */
    static String prefixOf(String account) {
        return "/" + account;
    }

    String prefix() {
        return prefix;
    }

    @Override
    public void serve(ProxyExchange exchange) throws IOException {
        try {
            BlobRequest request = BlobRequest.of(exchange, prefix);
            if (ServiceSas.carriedBy(request)) {
                serviceSas.verify(request, clock.instant(), () -> store.exists(request.container(), request.blob()));
            } else {
                sharedKey.verify(request, clock.instant());
            }
            dispatch(exchange, request);
        } catch (BlobException e) {
            refuse(exchange, e);
        }
    }

    /** Answers a refusal in the service's format; what is left of a small body is read first. */
    static void refuse(ProxyExchange exchange, BlobException e) throws IOException {
        long left = exchange.contentLength() < 0 ? DRAIN_BYTES : exchange.contentLength();
        if (left <= DRAIN_BYTES) {
            exchange.body().transferTo(OutputStream.nullOutputStream());
        }
        Map<String, String> headers = common(exchange);
        headers.put("x-ms-error-code", e.code());
        String requestId = headers.get("x-ms-request-id");
        byte[] body = BlobXml.error(e.code(), e.getMessage() + "\nRequestId:" + requestId + "\nTime:"
                + HttpDates.format(Instant.now()), e.detail()).getBytes(StandardCharsets.UTF_8);
        headers.put("Content-Type", "application/xml");
        try (OutputStream out = exchange.respond(e.status(), headers, body.length)) {
            if (!exchange.method().equals("HEAD")) {
                out.write(body);
            }
        }
    }

    private void dispatch(ProxyExchange exchange, BlobRequest request) throws BlobException, IOException {
        String method = request.method();
        if (request.container() == null) {
            if (method.equals("GET") && request.has("comp", "list")) {
                listContainers(exchange, request);
                return;
            }
        } else if (request.blob() == null) {
            if (request.has("restype", "container")) {
                String comp = request.parameter("comp").orElse("");
                switch (method + " " + comp) {
                    case "PUT " -> {
                        answer(exchange, 201, containerHeaders(store.createContainer(request.container())));
                        return;
                    }
                    case "GET ", "HEAD " -> {
                        answer(exchange, 200, containerHeaders(store.container(request.container())));
                        return;
                    }
                    case "DELETE " -> {
                        store.deleteContainer(request.container());
                        answer(exchange, 202, new LinkedHashMap<>());
                        return;
                    }
                    case "GET list" -> {
                        listBlobs(exchange, request);
                        return;
                    }
                    default -> {
                        // below
                    }
                }
            }
        } else {
            String comp = request.parameter("comp").orElse("");
            switch (method + " " + comp) {
                case "PUT " -> {
                    putBlob(exchange, request);
                    return;
                }
                case "PUT block" -> {
                    putBlock(exchange, request);
                    return;
                }
                case "PUT blocklist" -> {
                    putBlockList(exchange, request);
                    return;
                }
                case "GET ", "HEAD " -> {
                    getBlob(exchange, request);
                    return;
                }
                case "DELETE " -> {
                    store.deleteBlob(request.container(), request.blob(), Conditions.of(request));
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("x-ms-delete-type-permanent", "true");
                    answer(exchange, 202, headers);
                    return;
                }
                default -> {
                    // below
                }
            }
        }
        throw new BlobException(400, "UnsupportedHttpVerb", "This node's blob storage does not serve " + method
                + " " + request.rawPath() + " with " + request.query().keySet() + " (it serves the containers and "
                + "block blobs the Azure Storage SDKs create, upload, list, download and delete)");
    }

    private void putBlob(ProxyExchange exchange, BlobRequest request) throws BlobException, IOException {
        String type = request.header("x-ms-blob-type");
        if (!"BlockBlob".equals(type)) {
            throw BlobException.badRequest("InvalidHeaderValue", "The value for one of the HTTP headers is not in "
                    + "the correct format: x-ms-blob-type is '" + type + "', this service stores BlockBlob only");
        }
        StoredBlob blob = store.putBlob(request.container(), request.blob(), exchange.body(), exchange.contentLength(),
                BlobHeaders.of(request, true), md5Header(request, "x-ms-blob-content-md5"), checks(request),
                Conditions.of(request));
        Map<String, String> headers = blobWritten(blob);
        headers.put("Content-MD5", blob.contentMd5());
        echoCrc64(request, headers);
        answer(exchange, 201, headers);
    }

    private void putBlock(ProxyExchange exchange, BlobRequest request) throws BlobException, IOException {
        String blockId = request.parameter("blockid").orElseThrow(() -> BlobException.badRequest(
                "MissingRequiredQueryParameter", "A query parameter that's mandatory for this request is not "
                        + "specified: blockid"));
        byte[] md5 = store.putBlock(request.container(), request.blob(), blockId, exchange.body(),
                exchange.contentLength(), checks(request));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-MD5", Base64.getEncoder().encodeToString(md5));
        headers.put("x-ms-request-server-encrypted", "false");
        echoCrc64(request, headers);
        answer(exchange, 201, headers);
    }

    private void putBlockList(ProxyExchange exchange, BlobRequest request) throws BlobException, IOException {
        byte[] body = exchange.body().readNBytes(MAX_BLOCK_LIST_BYTES + 1);
        if (body.length > MAX_BLOCK_LIST_BYTES) {
            throw new BlobException(413, "RequestBodyTooLarge", "The block list is larger than "
                    + MAX_BLOCK_LIST_BYTES + " bytes");
        }
        byte[] expected = md5Bytes(request.header("content-md5"));
        if (expected != null && !Arrays.equals(expected, md5(body))) {
            throw BlobException.badRequest("Md5Mismatch", "The MD5 value specified in the request did not match with "
                    + "the MD5 value calculated by the server.");
        }
        List<BlockReference> blocks = BlobXml.blockList(body);
        StoredBlob blob = store.putBlockList(request.container(), request.blob(), blocks,
                BlobHeaders.of(request, false), md5Header(request, "x-ms-blob-content-md5"), Conditions.of(request));
        answer(exchange, 201, blobWritten(blob));
    }

    private void getBlob(ProxyExchange exchange, BlobRequest request) throws BlobException, IOException {
        StoredBlob blob = store.blob(request.container(), request.blob());
        Map<String, String> headers = blobHeaders(blob);
        if (Conditions.of(request).notModified(blob)) {
            answer(exchange, 304, headers);
            return;
        }
        String rangeHeader = request.header("x-ms-range") != null ? request.header("x-ms-range")
                : request.header("range");
        long start = 0;
        long length = blob.length();
        int status = 200;
        if (rangeHeader != null && !request.method().equals("HEAD")) {
            Matcher range = RANGE.matcher(rangeHeader.trim());
            if (!range.matches()) {
                throw BlobException.badRequest("InvalidHeaderValue", "The range '" + rangeHeader + "' is not "
                        + "bytes=<start>-[<end>]");
            }
            start = Long.parseLong(range.group(1));
            long end = range.group(2).isEmpty() ? blob.length() - 1
                    : Math.min(Long.parseLong(range.group(2)), blob.length() - 1);
            if (start >= blob.length() || end < start) {
                throw new BlobException(416, "InvalidRange", "The range specified is invalid for the current size "
                        + "of the resource: " + rangeHeader + " of " + blob.length() + " bytes");
            }
            length = end - start + 1;
            status = 206;
            headers.remove("Content-MD5");
            headers.put("Content-Range", "bytes " + start + "-" + end + "/" + blob.length());
            if (blob.contentMd5() != null) {
                headers.put("x-ms-blob-content-md5", blob.contentMd5());
            }
        }
        headers.putAll(common(exchange));
        try (FileChannel data = FileChannel.open(blob.data(), StandardOpenOption.READ);
                OutputStream out = exchange.respond(status, headers, length)) {
            if (!request.method().equals("HEAD")) {
                InputStream in = Channels.newInputStream(data.position(start));
                copy(in, out, length);
            }
        }
    }

    private void listContainers(ProxyExchange exchange, BlobRequest request) throws IOException {
        String namePrefix = request.parameter("prefix").orElse("");
        String marker = request.parameter("marker").orElse("");
        int max = maxResults(request);
        List<Container> page = new ArrayList<>();
        String next = null;
        for (Container container : store.containers()) {
            if (container.name().startsWith(namePrefix) && container.name().compareTo(marker) >= 0) {
                if (page.size() == max) {
                    next = container.name();
                    break;
                }
                page.add(container);
            }
        }
        answerXml(exchange, BlobXml.containers(page(exchange, request, next), page));
    }

    private void listBlobs(ProxyExchange exchange, BlobRequest request) throws BlobException, IOException {
        String namePrefix = request.parameter("prefix").orElse("");
        String marker = request.parameter("marker").orElse("");
        String delimiter = request.parameter("delimiter").filter(d -> !d.isEmpty()).orElse(null);
        int max = maxResults(request);
        List<Object> entries = new ArrayList<>();
        String next = null;
        String lastFolded = null;
        for (StoredBlob blob : store.blobs(request.container())) {
            String name = blob.name();
            if (!name.startsWith(namePrefix) || name.compareTo(marker) < 0) {
                continue;
            }
            int fold = delimiter == null ? -1 : name.indexOf(delimiter, namePrefix.length());
            String folded = fold < 0 ? null : name.substring(0, fold + delimiter.length());
            if (folded != null && folded.equals(lastFolded)) {
                continue;
            }
            if (entries.size() == max) {
                next = name;
                break;
            }
            entries.add(folded != null ? folded : blob);
            lastFolded = folded;
        }
        boolean withMetadata = request.parameter("include").filter(include -> include.contains("metadata"))
                .isPresent();
        answerXml(exchange, BlobXml.blobs(page(exchange, request, next), request.container(), delimiter, entries,
                withMetadata));
    }

    private BlobXml.Page page(ProxyExchange exchange, BlobRequest request, String next) {
        List<String> host = exchange.headers().get("host");
        String endpoint = "https://" + (host == null ? "localhost" : host.get(0)) + prefix + "/";
        return new BlobXml.Page(endpoint, request.parameter("prefix").orElse(null),
                request.parameter("marker").orElse(null),
                request.parameter("maxresults").isPresent() ? maxResults(request) : null, next);
    }

    private static int maxResults(BlobRequest request) {
        try {
            int max = Integer.parseInt(request.parameter("maxresults").orElse(Integer.toString(MAX_LIST_RESULTS)));
            return max <= 0 ? MAX_LIST_RESULTS : Math.min(max, MAX_LIST_RESULTS);
        } catch (NumberFormatException e) {
            return MAX_LIST_RESULTS;
        }
    }

    private static Map<String, String> containerHeaders(Container container) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", container.etag());
        headers.put("Last-Modified", HttpDates.format(container.lastModified()));
        headers.put("x-ms-lease-status", "unlocked");
        headers.put("x-ms-lease-state", "available");
        headers.put("x-ms-has-immutability-policy", "false");
        headers.put("x-ms-has-legal-hold", "false");
        return headers;
    }

    private static Map<String, String> blobWritten(StoredBlob blob) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", blob.etag());
        headers.put("Last-Modified", HttpDates.format(blob.lastModified()));
        headers.put("x-ms-request-server-encrypted", "false");
        return headers;
    }

    /** What Get Blob and Get Blob Properties answer about a blob. */
    private static Map<String, String> blobHeaders(StoredBlob blob) {
        Map<String, String> headers = blobWritten(blob);
        headers.remove("x-ms-request-server-encrypted");
        headers.put("x-ms-creation-time", HttpDates.format(blob.created()));
        headers.put("x-ms-blob-type", "BlockBlob");
        headers.put("x-ms-lease-status", "unlocked");
        headers.put("x-ms-lease-state", "available");
        headers.put("x-ms-server-encrypted", "false");
        headers.put("x-ms-access-tier", "Hot");
        headers.put("x-ms-access-tier-inferred", "true");
        headers.put("Accept-Ranges", "bytes");
        BlobHeaders content = blob.headers();
        putIfSet(headers, "Content-Type", content.contentType());
        putIfSet(headers, "Content-Encoding", content.contentEncoding());
        putIfSet(headers, "Content-Language", content.contentLanguage());
        putIfSet(headers, "Cache-Control", content.cacheControl());
        putIfSet(headers, "Content-Disposition", content.contentDisposition());
        putIfSet(headers, "Content-MD5", blob.contentMd5());
        blob.metadata().forEach((name, value) -> headers.put("x-ms-meta-" + name, value));
        return headers;
    }

    private static BodyChecks checks(BlobRequest request) throws BlobException {
        byte[] crc64 = null;
        String crcHeader = request.header("x-ms-content-crc64");
        if (crcHeader != null) {
            try {
                crc64 = Base64.getDecoder().decode(crcHeader.trim());
            } catch (IllegalArgumentException e) {
                crc64 = new byte[0];
            }
            if (crc64.length != 8) {
                throw BlobException.badRequest("InvalidHeaderValue", "x-ms-content-crc64 '" + crcHeader + "' is not "
                        + "8 bytes in base64");
            }
        }
        return new BodyChecks(md5Bytes(request.header("content-md5")), crc64);
    }

    /** A base64 MD5 header checked for form; null when absent. */
    private static String md5Header(BlobRequest request, String name) throws BlobException {
        String value = request.header(name);
        return value == null ? null : Base64.getEncoder().encodeToString(md5Bytes(value));
    }

    private static byte[] md5Bytes(String value) throws BlobException {
        if (value == null) {
            return null;
        }
        byte[] md5;
        try {
            md5 = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            md5 = new byte[0];
        }
        if (md5.length != 16) {
            throw BlobException.badRequest("InvalidMd5", "The MD5 value specified in the request is invalid. MD5 "
                    + "value must be 128 bits and Base64-encoded: '" + value + "'");
        }
        return md5;
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    private static void echoCrc64(BlobRequest request, Map<String, String> headers) {
        putIfSet(headers, "x-ms-content-crc64", request.header("x-ms-content-crc64"));
    }

    private static void putIfSet(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static void answer(ProxyExchange exchange, int status, Map<String, String> headers) throws IOException {
        headers.putAll(common(exchange));
        exchange.respond(status, headers, 0).close();
    }

    private static void answerXml(ProxyExchange exchange, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = common(exchange);
        headers.put("Content-Type", "application/xml");
        try (OutputStream out = exchange.respond(200, headers, body.length)) {
            out.write(body);
        }
    }

    /** The headers of every answer. */
    private static Map<String, String> common(ProxyExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ms-request-id", UUID.randomUUID().toString());
        List<String> version = exchange.headers().get("x-ms-version");
        headers.put("x-ms-version", version == null ? SERVICE_VERSION : version.get(0));
        List<String> clientRequestId = exchange.headers().get("x-ms-client-request-id");
        if (clientRequestId != null) {
            headers.put("x-ms-client-request-id", clientRequestId.get(0));
        }
        headers.put("Date", HttpDates.format(Instant.now()));
        headers.put("Server", "Strata-Blob");
        return headers;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the blob's file ended " + left + " bytes early");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }
}
