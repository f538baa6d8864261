package io.strata.apiproxy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.KeySlot;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeSettings;
import io.strata.api.proxy.ProxyExchange;
import io.strata.api.proxy.ProxyRoute;
import io.strata.testing.CertificateStoreStub;
import io.strata.testing.MemoryAuthentication;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A client below a child node's proxy reaches a service on the parent's proxy through both, with
 * real TLS and real Netty on loopback: bodies pass byte for byte in both directions (a large one
 * under a heap bound smaller than the body, see the pom), the parent sees the child node, not the
 * client, and the refusals say why.
 */
public class ProxyChainTest {

    /** Large enough that a proxy holding it would not fit the test's heap ({@code -Xmx} in the pom). */
    private static final long LARGE_BYTES = Long.getLong("apiproxy.test.bytes", 200_000_000L);
    private static final long MAX_BODY_BYTES = LARGE_BYTES + 1;

    private static TestPki parentPki;
    private static TestPki childPki;
    private static final MemoryIdentityRegistry PARENT_IDENTITIES = new MemoryIdentityRegistry("parent");
    private static final MemoryIdentityRegistry CHILD_IDENTITIES = new MemoryIdentityRegistry("localhost");
    private static final Hold HOLD = new Hold();
    private static ApiProxyListener parent;
    private static ApiProxyListener child;
    private static ApiProxyListener orphan;
    private static ApiProxyListener misled;
    private static ApiProxyListener certified;
    private static HttpClient client;
    private static String leafToken;

    @BeforeClass
    public static void startTheChain() throws Exception {
        parentPki = new TestPki("parent");
        childPki = new TestPki("localhost");
        Identity childNode = PARENT_IDENTITIES.add(Identity.device("child", true, Credentials.generateSymmetricKeys()));
        CHILD_IDENTITIES.add(Identity.device("leaf", false, Credentials.generateSymmetricKeys()));
        leafToken = CHILD_IDENTITIES.createSasToken(IdentityId.device("leaf"), KeySlot.PRIMARY, Duration.ofMinutes(10));

        parent = listener(parentPki, PARENT_IDENTITIES, Map.of("/digest/", new Digest(), "/bytes/", new Bytes(), "/hold/", HOLD,
                "/headers/", new Headers()),
                Optional.empty());
        String key = childNode.credentials().primary();
        child = listener(childPki, CHILD_IDENTITIES, Map.of(), Optional.of(parentOf("parent", parent.port(), key)));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        orphan = listener(childPki, CHILD_IDENTITIES, Map.of(), Optional.of(parentOf("parent", closedPort, key)));
        // the parent's certificate names 'parent', not the name this one expects
        misled = listener(childPki, CHILD_IDENTITIES, Map.of(), Optional.of(parentOf("elsewhere", parent.port(), key)));
        // a child node that authenticates to its parent with its certificate, registered there by thumbprint
        TestPki certifiedPki = new TestPki("certified");
        PARENT_IDENTITIES.add(Identity.device("certified", true,
                Credentials.thumbprints(MemoryAuthentication.thumbprint(certifiedPki.certificate), null)));
        certified = listener(childPki, CHILD_IDENTITIES, Map.of(), Optional.of(certifiedParentOf(parent.port(),
                certifiedPki.clientContextPresentingThis(parentPki))));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(childPki.clientContext())
                .build();
    }

    @AfterClass
    public static void stopTheChain() {
        for (ApiProxyListener listener : new ApiProxyListener[] {child, orphan, misled, certified, parent}) {
            if (listener != null) {
                listener.close();
            }
        }
    }

    @Test
    public void aLargeUploadReachesTheParentsServiceByteForByteAsTheChildNode() throws Exception {
        HttpResponse<String> response = client.send(request(child, "/digest/upload")
                .POST(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> new Pattern(LARGE_BYTES)),
                        LARGE_BYTES)).build(), BodyHandlers.ofString());
        assertEquals(response.body(), 200, response.statusCode());
        assertEquals("child " + LARGE_BYTES + " " + sha256(new Pattern(LARGE_BYTES)) + "\n", response.body());
    }

    @Test
    public void aChunkedUploadPassesToo() throws Exception {
        HttpResponse<String> response = client.send(request(child, "/digest/chunked")
                .POST(BodyPublishers.ofInputStream(() -> new Pattern(3_000_000))).build(), BodyHandlers.ofString());
        assertEquals("child 3000000 " + sha256(new Pattern(3_000_000)) + "\n", response.body());
    }

    @Test
    public void aLargeDownloadComesDownByteForByte() throws Exception {
        HttpResponse<InputStream> response = client.send(request(child, "/bytes/" + LARGE_BYTES).GET().build(),
                BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            assertEquals(sha256(new Pattern(LARGE_BYTES)), sha256(body));
        }
    }

    @Test
    public void aChildNodeWithACertificateIsAuthenticatedByIt() throws Exception {
        HttpResponse<String> response = client.send(request(certified, "/digest/small")
                .POST(BodyPublishers.ofString("hello")).build(), BodyHandlers.ofString());
        assertEquals("certified 5 " + sha256(new java.io.ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)))
                + "\n", response.body());
    }

    @Test
    public void oneConnectionCarriesOneRequestAfterTheOther() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = client.send(request(child, "/bytes/10").GET().build(),
                    BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(10, response.body().length());
        }
    }

    @Test
    public void aSharedKeyAndTheHeadersItSignedReachTheParentUnchangedWhileTheLeafsTokenStaysBelow() throws Exception {
        String sharedKey = "SharedKey devstoreaccount1:c2lnbmVkIGJ5IHRoZSBibG9iIGNsaWVudA==";
        // by hand: the JDK HttpClient sends Proxy-Authorization to proxies only
        String answer;
        try (SSLSocket socket = (SSLSocket) childPki.clientContext().getSocketFactory().createSocket("localhost",
                child.port())) {
            socket.getOutputStream().write(("PUT /headers/container/blob?comp=block HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\nProxy-Authorization: " + leafToken + "\r\nAuthorization: " + sharedKey
                    + "\r\nContent-Length: 5\r\nContent-MD5: XrY7u+Ae7tCTyyK7j1rNww==\r\n"
                    + "Content-Type: application/octet-stream\r\nDate: Mon, 07 Dec 2026 05:00:00 GMT\r\n"
                    + "x-ms-date: Mon, 07 Dec 2026 05:00:00 GMT\r\nx-ms-version: 2025-01-05\r\n"
                    + "x-ms-meta-Owner: leaf\r\nRange: bytes=0-4\r\nIf-Match: \"0x1\"\r\n\r\nhello")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertTrue(answer, answer.startsWith("HTTP/1.1 200 OK\r\n"));
        Map<String, String> seen = parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals("child", seen.get("client"));
        assertEquals(sharedKey, seen.get("authorization"));
        assertEquals("5", seen.get("content-length"));
        assertEquals("XrY7u+Ae7tCTyyK7j1rNww==", seen.get("content-md5"));
        assertEquals("application/octet-stream", seen.get("content-type"));
        assertEquals("Mon, 07 Dec 2026 05:00:00 GMT", seen.get("date"));
        assertEquals("Mon, 07 Dec 2026 05:00:00 GMT", seen.get("x-ms-date"));
        assertEquals("2025-01-05", seen.get("x-ms-version"));
        assertEquals("leaf", seen.get("x-ms-meta-owner"));
        assertEquals("bytes=0-4", seen.get("range"));
        assertEquals("\"0x1\"", seen.get("if-match"));
        assertEquals("/headers/container/blob?comp=block", seen.get("target"));
        // the child's own token: the leaf's never leaves the child
        assertTrue(seen.get("proxy-authorization"), seen.get("proxy-authorization")
                .startsWith("SharedAccessSignature sr=parent%2Fdevices%2Fchild"));
    }

    @Test
    public void aLeafsTokenInAuthorizationIsNotForwarded() throws Exception {
        HttpResponse<String> response = client.send(request(child, "/headers/plain").GET().build(),
                BodyHandlers.ofString());

        Map<String, String> seen = parse(response.body());
        assertEquals("child", seen.get("client"));
        assertEquals(null, seen.get("authorization"));
        assertTrue(seen.get("proxy-authorization").startsWith("SharedAccessSignature sr=parent%2Fdevices%2Fchild"));
    }

    @Test
    public void noCredentialsIs401() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(child, "/bytes/1")).build(),
                BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertEquals("SharedAccessSignature", response.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    public void aForeignIdentityIs403() throws Exception {
        String foreign = PARENT_IDENTITIES.createSasToken(IdentityId.device("child"), KeySlot.PRIMARY,
                Duration.ofMinutes(1)).replace("parent%2Fdevices%2Fchild", "localhost%2Fdevices%2Fchild");
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(child, "/bytes/1"))
                .header("Authorization", foreign).build(), BodyHandlers.ofString());
        assertEquals(403, response.statusCode());
        assertEquals("child is not served by this node\n", response.body());
    }

    @Test
    public void aPathNobodyServesIs404AtTheTop() throws Exception {
        HttpResponse<String> response = client.send(request(child, "/nothing/here").GET().build(),
                BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
        assertEquals("No local service serves /nothing/here and this node has no parent to ask\n", response.body());
    }

    @Test
    public void aParentThatIsDownIs502() throws Exception {
        HttpResponse<String> response = client.send(request(orphan, "/bytes/1").GET().build(), BodyHandlers.ofString());
        assertEquals(502, response.statusCode());
        assertTrue(response.body(), response.body().startsWith("The parent's proxy parent at 127.0.0.1:"));
        assertTrue(response.body(), response.body().contains("cannot be reached"));
    }

    @Test
    public void aParentWhoseCertificateNamesAnotherHostIs502() throws Exception {
        HttpResponse<String> response = client.send(request(misled, "/bytes/1").GET().build(), BodyHandlers.ofString());
        assertEquals(502, response.statusCode());
        assertTrue(response.body(), response.body().startsWith("The connection to the parent's proxy elsewhere at "));
    }

    @Test
    public void aBodyOverTheLimitIs413BeforeItIsSent() throws Exception {
        // by hand: the JDK 17 HttpClient never returns a final answer to Expect: 100-continue
        try (SSLSocket socket = (SSLSocket) childPki.clientContext().getSocketFactory().createSocket("localhost",
                child.port())) {
            socket.getOutputStream().write(("POST /digest/huge HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + leafToken + "\r\nExpect: 100-continue\r\nContent-Length: " + (MAX_BODY_BYTES + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer, answer.startsWith("HTTP/1.1 413 Request Entity Too Large\r\n"));
            assertTrue(answer, answer.endsWith("The body is larger than this node accepts (maxBodyBytes = "
                    + MAX_BODY_BYTES + ")\n"));
        }
    }

    @Test
    public void aClientThatSendsItsBodyToARefusalReadsTheRefusalInItsSdksShape() throws Exception {
        // more than the loopback socket buffers hold: a proxy that closed at once would reset the client mid-body
        byte[] body = new byte[16 * 1024 * 1024];
        try (SSLSocket socket = (SSLSocket) childPki.clientContext().getSocketFactory().createSocket("localhost",
                child.port())) {
            socket.getOutputStream().write(("POST /devices/leaf/files?api-version=2021-04-12 HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: SharedAccessSignature sr=x\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer, answer.startsWith("HTTP/1.1 401 Unauthorized\r\n"));
            assertTrue(answer, answer.contains("\r\ncontent-type: application/json; charset=utf-8\r\n"));
            assertTrue(answer, answer.contains("\r\niothub-errorcode: IotHubUnauthorizedAccess\r\n"));
            assertTrue(answer, answer.contains("\r\n\r\n{\"Message\":\"ErrorCode:IotHubUnauthorizedAccess;"));
        }
    }

    @Test
    public void aStorageClientReadsAStorageError() throws Exception {
        HttpResponse<String> response = client.send(request(child, "/account/container/blob")
                .header("x-ms-version", "2021-08-06").GET().build(), BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
        assertEquals("ResourceNotFound", response.headers().firstValue("x-ms-error-code").orElseThrow());
        assertEquals("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ResourceNotFound</Code><Message>No local "
                + "service serves /account/container/blob and this node has no parent to ask</Message></Error>",
                response.body());
    }

    @Test
    public void moreRequestsToLocalServicesThanItHasThreadsForAre503() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        try {
            for (int i = 0; i < ApiProxyListener.MAX_LOCAL_EXCHANGES; i++) {
                held.add(client.sendAsync(request(child, "/hold/" + i).GET().build(), BodyHandlers.ofString()));
            }
            assertTrue("the held requests did not all reach the parent's service",
                    HOLD.entered.tryAcquire(ApiProxyListener.MAX_LOCAL_EXCHANGES, 60, TimeUnit.SECONDS));
            HttpResponse<String> refused = client.send(request(child, "/hold/one-more").GET().build(),
                    BodyHandlers.ofString());
            assertEquals(503, refused.statusCode());
            assertEquals("The API proxy is busy: " + ApiProxyListener.MAX_LOCAL_EXCHANGES
                    + " requests to its local services are in progress, try again later\n", refused.body());
        } finally {
            HOLD.release.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> response : held) {
            assertEquals(200, response.get(60, TimeUnit.SECONDS).statusCode());
        }
    }

    private static HttpRequest.Builder request(ApiProxyListener listener, String path) {
        return HttpRequest.newBuilder(uri(listener, path)).header("Authorization", leafToken)
                .timeout(Duration.ofMinutes(5));
    }

    private static URI uri(ApiProxyListener listener, String path) {
        return URI.create("https://localhost:" + listener.port() + path);
    }

    private static ApiProxyListener listener(TestPki pki, MemoryIdentityRegistry identities,
            Map<String, ProxyRoute> services, Optional<ParentProxy> parentProxy) throws Exception {
        MemoryAuthentication authentication = new MemoryAuthentication(identities);
        ProxySettings settings = new ProxySettings(Routes.of("*", "/"), new ConcurrentHashMap<>(services),
                new ConcurrentHashMap<>(), parentProxy, null, new ClientAuthentication(authentication, authentication),
                MAX_BODY_BYTES, 5_000, 60);
        return new ApiProxyListener("127.0.0.1", 0, pki.serverContext(), settings);
    }

    private static ParentProxy parentOf(String hostname, int port, String key) throws Exception {
        Map<String, Object> node = new HashMap<>();
        node.put(NodeSettings.HOSTNAME, "localhost");
        node.put(NodeSettings.DEVICE_ID, "child");
        node.put(NodeSettings.PARENT_HOSTNAME, hostname);
        node.put(NodeSettings.PARENT_ADDRESS, "127.0.0.1");
        node.put(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY, key);
        SSLContext trustingTheParent = parentPki.clientContext();
        return ParentProxy.of(ValidatedConfiguration.read(NodeConfiguration.class, NodeSettings.PID, node), port,
                new CertificateStoreStub() {
                    @Override
                    public SSLContext clientSslContext() {
                        return trustingTheParent;
                    }
                }, Path.of("."), Clock.systemUTC()).orElseThrow();
    }

    private static ParentProxy certifiedParentOf(int port, SSLContext presentingTheCertificate) {
        Map<String, Object> node = new HashMap<>();
        node.put(NodeSettings.HOSTNAME, "localhost");
        node.put(NodeSettings.DEVICE_ID, "certified");
        node.put(NodeSettings.PARENT_HOSTNAME, "parent");
        node.put(NodeSettings.PARENT_ADDRESS, "127.0.0.1");
        node.put(NodeSettings.UPSTREAM_CERTIFICATE, "certs/certified.cert.pem");
        node.put(NodeSettings.UPSTREAM_PRIVATE_KEY, "certs/certified.key.pem");
        return ParentProxy.of(ValidatedConfiguration.read(NodeConfiguration.class, NodeSettings.PID, node), port,
                new CertificateStoreStub() {
                    @Override
                    public SSLContext clientSslContext(Path certificate, Path privateKey, char[] keyPassword) {
                        assertEquals(Path.of("etc", "certs", "certified.cert.pem"), certificate);
                        return presentingTheCertificate;
                    }
                }, Path.of("etc"), Clock.systemUTC()).orElseThrow();
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Answers who sent the body, its length and its SHA-256, reading it as it comes. */
    private static final class Digest implements ProxyRoute {

        @Override
        public void serve(ProxyExchange exchange) throws IOException {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long length = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream body = exchange.body()) {
                for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                    digest.update(buffer, 0, read);
                    length += read;
                }
            }
            byte[] answer = (exchange.client() + " " + length + " " + HexFormat.of().formatHex(digest.digest()) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.respond(200, Map.of("Content-Type", "text/plain"), answer.length)) {
                out.write(answer);
            }
        }
    }

    /** The lines {@code name: value} of a {@link Headers} answer. */
    private static Map<String, String> parse(String answer) {
        Map<String, String> lines = new HashMap<>();
        for (String line : answer.split("\n")) {
            int colon = line.indexOf(": ");
            lines.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return lines;
    }

    /** Answers who sent the request, its target and its headers as it received them, one per line. */
    private static final class Headers implements ProxyRoute {

        @Override
        public void serve(ProxyExchange exchange) throws IOException {
            exchange.body().transferTo(OutputStream.nullOutputStream());
            StringBuilder answer = new StringBuilder("client: " + exchange.client() + "\ntarget: " + exchange.target());
            exchange.headers().forEach((name, values) -> answer.append('\n').append(name).append(": ")
                    .append(String.join(",", values)));
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.respond(200, Map.of("Content-Type", "text/plain"), bytes.length)) {
                out.write(bytes);
            }
        }
    }

    /** Holds every request until {@link #release}, counting those it holds in {@link #entered}. */
    private static final class Hold implements ProxyRoute {

        final Semaphore entered = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void serve(ProxyExchange exchange) throws IOException {
            entered.release();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.respond(200, Map.of(), 0).close();
        }
    }

    /** {@code /bytes/{n}}: n bytes of {@link Pattern}, chunked. */
    private static final class Bytes implements ProxyRoute {

        @Override
        public void serve(ProxyExchange exchange) throws IOException {
            long length = Long.parseLong(exchange.target().substring("/bytes/".length()));
            try (InputStream pattern = new Pattern(length);
                    OutputStream out = exchange.respond(200, Map.of(), -1)) {
                pattern.transferTo(out);
            }
        }
    }

    /** A body of any length that needs no memory: byte i is a function of i. */
    private static final class Pattern extends InputStream {

        private final long length;
        private long position;

        Pattern(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            return position < length ? at(position++) : -1;
        }

        @Override
        public int read(byte[] bytes, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                bytes[offset + i] = (byte) at(position++);
            }
            return n;
        }

        private static int at(long i) {
            return (int) ((i * 31 + (i >>> 11)) & 0xff);
        }
    }
}
