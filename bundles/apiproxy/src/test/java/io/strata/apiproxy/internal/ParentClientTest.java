package io.strata.apiproxy.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.strata.api.config.ValidatedConfiguration;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeSettings;
import io.strata.api.proxy.ProxyExchange;
import io.strata.api.proxy.ProxyRoute;
import io.strata.api.proxy.UpstreamResponse;
import io.strata.testing.CertificateStoreStub;
import io.strata.testing.MemoryAuthentication;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The client a node's services have of the parent's proxy, against a real proxy listener with TLS and SAS. */
public class ParentClientTest {

    private static final byte[] CONTENT = new byte[300_000];

    private static TestPki parentPki;
    private static ApiProxyListener parent;
    private static String childKey;

    @BeforeClass
    public static void startTheParent() throws Exception {
        new Random(16).nextBytes(CONTENT);
        parentPki = new TestPki("parent");
        MemoryIdentityRegistry identities = new MemoryIdentityRegistry("parent");
        childKey = identities.add(Identity.device("child", true, Credentials.generateSymmetricKeys())).credentials()
                .primary();
        MemoryAuthentication authentication = new MemoryAuthentication(identities);
        Map<String, ProxyRoute> routes = Map.of(
                "/chunked/", exchange -> send(exchange, -1),
                "/sized/", exchange -> send(exchange, CONTENT.length),
                "/put/", exchange -> {
                    byte[] body = exchange.body().readAllBytes();
                    byte[] answer = (exchange.method() + " " + exchange.target() + " " + body.length + " "
                            + exchange.headers().get("x-ms-blob-type") + " " + Arrays.equals(body, CONTENT))
                            .getBytes(StandardCharsets.UTF_8);
                    try (OutputStream out = exchange.respond(201, Map.of(), answer.length)) {
                        out.write(answer);
                    }
                },
                "/who/", exchange -> {
                    byte[] who = exchange.client().toString().getBytes(StandardCharsets.UTF_8);
                    try (OutputStream out = exchange.respond(200, Map.of(), who.length)) {
                        out.write(who);
                    }
                });
        parent = new ApiProxyListener("127.0.0.1", 0, parentPki.serverContext(), new ProxySettings(Routes.of("*", "/"),
                new ConcurrentHashMap<>(routes), new ConcurrentHashMap<>(), Optional.empty(), null,
                new ClientAuthentication(authentication, authentication), 1L << 20, 5_000, 60));
    }

    @AfterClass
    public static void stopTheParent() {
        if (parent != null) {
            parent.close();
        }
    }

    @Test
    public void aRequestReachesTheParentAsThisNodeAndItsBodyArrivesWhetherChunkedOrSized() throws Exception {
        ParentClient client = clientOf("parent", childKey);

        try (UpstreamResponse who = client.open("GET", "/who/")) {
            assertEquals(200, who.status());
            assertEquals("child", new String(who.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        try (UpstreamResponse chunked = client.open("GET", "/chunked/")) {
            assertEquals(-1, chunked.contentLength());
            assertArrayEquals(CONTENT, chunked.body().readAllBytes());
        }
        try (UpstreamResponse sized = client.open("GET", "/sized/")) {
            assertEquals(CONTENT.length, sized.contentLength());
            assertArrayEquals(CONTENT, sized.body().readAllBytes());
        }
        try (UpstreamResponse head = client.open("HEAD", "/sized/")) {
            assertEquals(200, head.status());
            assertEquals(Integer.toString(CONTENT.length), head.header("content-length"));
            assertEquals(0, head.body().readAllBytes().length);
        }
    }

    @Test
    public void aBodyStreamsToTheParentWithTheGivenHeaders() throws Exception {
        ParentClient client = clientOf("parent", childKey);

        try (UpstreamResponse put = client.send("PUT", "/put/blob?sv=1&sig=x%2B", Map.of("x-ms-blob-type", "BlockBlob"),
                CONTENT.length, new ByteArrayInputStream(CONTENT))) {
            assertEquals(201, put.status());
            assertEquals("PUT /put/blob?sv=1&sig=x%2B " + CONTENT.length + " [BlockBlob] true",
                    new String(put.body().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    public void aBodyShorterThanItsLengthOrAHeaderOfTheClientsOwnIsRefused() throws Exception {
        ParentClient client = clientOf("parent", childKey);

        IOException shorter = assertThrows(IOException.class, () -> client.send("PUT", "/put/blob", Map.of(), 10,
                new ByteArrayInputStream(new byte[4])));
        assertThat(shorter.getMessage(), containsString("the body ended 6 bytes before its length of 10"));
        assertThrows(IllegalArgumentException.class, () -> client.send("PUT", "/put/blob",
                Map.of("Authorization", "SharedKey a:b"), 0, InputStream.nullInputStream()));
        assertThrows(IllegalArgumentException.class, () -> client.send("PUT", "/put/blob",
                Map.of("x-ms-meta-a", "b\r\nX: y"), 0, InputStream.nullInputStream()));
        assertThrows(IllegalArgumentException.class, () -> client.send("GET", "/put/blob", Map.of(), 0,
                InputStream.nullInputStream()));
    }

    @Test
    public void aNodeWithAKeyTheParentDoesNotKnowGets401() throws Exception {
        try (UpstreamResponse refused = clientOf("parent", Credentials.generateSymmetricKeys().primary())
                .open("GET", "/who/")) {
            assertEquals(401, refused.status());
        }
    }

    @Test
    public void aParentWhoseCertificateNamesAnotherHostIsRefusedInTheHandshake() throws Exception {
        IOException refused = assertThrows(IOException.class,
                () -> clientOf("elsewhere", childKey).open("GET", "/who/"));
        assertThat(refused.getMessage(), containsString("elsewhere at 127.0.0.1:" + parent.port()));
        assertEquals(SSLHandshakeException.class, refused.getCause().getClass());
    }

    @Test
    public void onlyGetAndHeadOfAnOriginFormTargetAreSent() throws Exception {
        ParentClient client = clientOf("parent", childKey);
        assertThrows(IllegalArgumentException.class, () -> client.open("POST", "/who/"));
        assertThrows(IllegalArgumentException.class, () -> client.open("GET", "http://parent/who/"));
        assertThrows(IllegalArgumentException.class, () -> client.open("GET", "/who/ HTTP/1.1\r\nX: y"));
    }

    private static void send(ProxyExchange exchange, long length) throws IOException {
        try (OutputStream out = exchange.respond(200, Map.of(), length)) {
            if (!exchange.method().equals("HEAD")) {
                out.write(CONTENT);
            }
        }
    }

    private static ParentClient clientOf(String parentHostname, String key) throws Exception {
        Map<String, Object> node = new HashMap<>();
        node.put(NodeSettings.HOSTNAME, "child");
        node.put(NodeSettings.DEVICE_ID, "child");
        node.put(NodeSettings.PARENT_HOSTNAME, parentHostname);
        node.put(NodeSettings.PARENT_ADDRESS, "127.0.0.1");
        node.put(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY, key);
        SSLContext trustingTheParent = parentPki.clientContext();
        ParentProxy proxy = ParentProxy.of(ValidatedConfiguration.read(NodeConfiguration.class, NodeSettings.PID, node),
                parent.port(), new CertificateStoreStub() {
                    @Override
                    public SSLContext clientSslContext() {
                        return trustingTheParent;
                    }
                }, Path.of("."), Clock.systemUTC()).orElseThrow();
        return new ParentClient(proxy, 5_000, 30_000);
    }
}
