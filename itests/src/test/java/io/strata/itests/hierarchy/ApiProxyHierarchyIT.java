package io.strata.itests.hierarchy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.itests.StrataContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The API proxies of two real nodes, hub → child, on one root CA: a leaf device below the child asks
 * the child's proxy for a path the child leaves to its parent ({@code localRoutes} empty), and the
 * hub's own {@code /$strata/status} answers, having taken the child node (not the leaf) for the
 * caller. Refusals come back with their reason; with the hub gone the child says 502. (Large bodies
 * through two proxies, byte for byte under a small heap: ProxyChainTest in the apiproxy bundle.)
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ApiProxyHierarchyIT {

    private static final String LEAF = "sensor-1";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static EdgeNode hub;
    private static EdgeNode child;
    private static PkiFixture pki;
    private static final Map<String, Integer> PROXY_PORTS = new HashMap<>();
    private static final Map<String, String> KEYS = new HashMap<>();
    private static HttpClient client;

    @BeforeClass
    public static void startTheTree() throws Exception {
        hub = EdgeNode.create("apiproxy", "hub", "hub.strata.test");
        child = EdgeNode.create("apiproxy", "child", "child.strata.test");
        for (EdgeNode node : List.of(hub, child)) {
            int port = Integer.parseInt(StrataContainer.freePort());
            PROXY_PORTS.put(node.deviceId(), port);
            node.karaf().setProperty("io.strata.apiproxy.cfg", "port", Integer.toString(port));
            node.karaf().setProperty("io.strata.apiproxy.cfg", "bindAddress", "127.0.0.1");
        }
        hub.karaf().start();
        hub.execute("feature:install strata-hub");
        pki = PkiFixture.createRoot(hub.karaf(), "Strata API proxy root CA");
        pki.install(hub);
        pki.install(child);
        hub.awaitOutput("edge:certs", certs -> certs.contains("hub device CA"), TIMEOUT, "no hub device CA");
        hub.execute("edge:device-add -k edge -p hub child");
        hub.execute("edge:device-add -k leaf -p child " + LEAF);
        for (String identity : List.of("child", LEAF)) {
            KEYS.put(identity, SasTokens.keyOf(hub.execute("edge:device-connection-string " + identity)));
        }
        child.placeBelow(hub, "amqp", hub.amqpPort(), KEYS.get("child"));
        child.karaf().setProperty("io.strata.apiproxy.cfg", "parentProxyPort", Integer.toString(PROXY_PORTS.get("hub")));
        child.karaf().setProperty("io.strata.apiproxy.cfg", "localRoutes", "");
        child.karaf().start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(pki.trust()).build();
    }

    @AfterClass
    public static void stopTheTree() throws Exception {
        for (EdgeNode node : new EdgeNode[] {child, hub}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    public void t1_aLeafBelowTheChildIsAnsweredByTheHubThroughBothProxies() throws Exception {
        String token = SasTokens.create(child.hostname(), LEAF, KEYS.get(LEAF), Duration.ofHours(1));
        HttpResponse<String> response = awaitStatus(child, "/$strata/status", token, 200);
        assertEquals(response.body(), "{\"hostname\":\"hub.strata.test\",\"deviceId\":\"hub\",\"parentHostname\":\"\","
                + "\"client\":\"child\"}\n", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    public void t2_withoutCredentialsItIs401() throws Exception {
        HttpResponse<String> response = send(child, "/$strata/status", null);
        assertEquals(401, response.statusCode());
        assertEquals("SharedAccessSignature", response.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    public void t3_aWronglySignedTokenIs401() throws Exception {
        String forged = SasTokens.create(child.hostname(), LEAF, Base64.getEncoder().encodeToString(new byte[32]),
                Duration.ofHours(1));
        assertEquals(401, send(child, "/$strata/status", forged).statusCode());
    }

    @Test
    public void t4_anIdentityTheChildDoesNotServeIs403() throws Exception {
        // the leaf's own key, but signed for the hub's resource, and an identity the child does not know
        String elsewhere = SasTokens.create(hub.hostname(), LEAF, KEYS.get(LEAF), Duration.ofHours(1));
        HttpResponse<String> response = send(child, "/$strata/status", elsewhere);
        assertEquals(response.body(), 403, response.statusCode());
        String stranger = SasTokens.create(child.hostname(), "stranger", KEYS.get(LEAF), Duration.ofHours(1));
        assertEquals(403, send(child, "/$strata/status", stranger).statusCode());
    }

    @Test
    public void t5_aPathNobodyServesIs404FromTheTop() throws Exception {
        String token = SasTokens.create(child.hostname(), LEAF, KEYS.get(LEAF), Duration.ofHours(1));
        HttpResponse<String> response = send(child, "/nothing/here", token);
        assertEquals(404, response.statusCode());
        assertEquals("No local service serves /nothing/here and this node has no parent to ask\n", response.body());
    }

    @Test
    public void t6_withTheHubGoneTheChildSays502() throws Exception {
        hub.karaf().stop();
        String token = SasTokens.create(child.hostname(), LEAF, KEYS.get(LEAF), Duration.ofHours(1));
        HttpResponse<String> response = send(child, "/$strata/status", token);
        assertEquals(502, response.statusCode());
        assertTrue(response.body(), response.body().startsWith("The parent's proxy hub.strata.test at 127.0.0.1:"));
    }

    private static HttpResponse<String> awaitStatus(EdgeNode node, String path, String token, int status)
            throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            HttpResponse<String> response = null;
            try {
                response = send(node, path, token);
                if (response.statusCode() == status) {
                    return response;
                }
            } catch (java.io.IOException notListeningYet) {
                // the proxy starts with the node's certificates
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(path + " on " + node.deviceId() + " did not answer " + status + " within "
                        + TIMEOUT + ": " + (response == null ? "no answer" : response.statusCode() + " "
                        + response.body()) + ", see " + node.log());
            }
            Thread.sleep(1000);
        }
    }

    private static HttpResponse<String> send(EdgeNode node, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                + PROXY_PORTS.get(node.deviceId()) + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", token);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }
}
