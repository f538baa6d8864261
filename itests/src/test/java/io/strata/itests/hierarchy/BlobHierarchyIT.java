package io.strata.itests.hierarchy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.strata.itests.StrataContainer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Blob storage at the top of a real three-node tree, hub → parent → child on one root CA, with
 * {@code strata-blob} installed on the hub only: the Azure Storage Blob SDK for Java, as a leaf device
 * below the child, uploads through the child's proxy (its SAS in Proxy-Authorization, the account's
 * Shared Key in Authorization) a 50 MB file in blocks and a small one in one put; both proxies pass
 * them up, the hub stores them, {@code edge:blobs} lists them, and a download from the hub's proxy is
 * the same bytes.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class BlobHierarchyIT {

    private static final String LEAF = "camera-1";
    private static final String ACCOUNT = "edgestorage";
    private static final String CONTAINER = "uploads";
    private static final long LARGE_BYTES = 50L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static EdgeNode hub;
    private static EdgeNode parent;
    private static EdgeNode child;
    private static PkiFixture pki;
    private static String accountKey;
    private static Path large;
    private static String largeSha256;
    private static final Map<String, Integer> PROXY_PORTS = new HashMap<>();
    private static final Map<String, String> KEYS = new HashMap<>();

    @BeforeClass
    public static void startTheTree() throws Exception {
        hub = EdgeNode.create("blob", "hub", "hub.strata.test");
        parent = EdgeNode.create("blob", "parent", "parent.strata.test");
        child = EdgeNode.create("blob", "child", "child.strata.test");
        for (EdgeNode node : List.of(hub, parent, child)) {
            int port = Integer.parseInt(StrataContainer.freePort());
            PROXY_PORTS.put(node.deviceId(), port);
            node.karaf().setProperty("io.strata.apiproxy.cfg", "port", Integer.toString(port));
            node.karaf().setProperty("io.strata.apiproxy.cfg", "bindAddress", "127.0.0.1");
        }
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        accountKey = Base64.getEncoder().encodeToString(key);
        hub.karaf().setProperty("io.strata.blob.cfg", "accountName", ACCOUNT);
        hub.karaf().setProperty("io.strata.blob.cfg", "accountKey", accountKey);
        hub.karaf().start();
        hub.execute("feature:install strata-hub");
        hub.execute("feature:install strata-blob");
        pki = PkiFixture.createRoot(hub.karaf(), "Strata blob root CA");
        for (EdgeNode node : List.of(hub, parent, child)) {
            pki.install(node);
        }
        hub.awaitOutput("edge:certs", certs -> certs.contains("hub device CA"), TIMEOUT, "no hub device CA");
        hub.execute("edge:device-add -k edge -p hub parent");
        hub.execute("edge:device-add -k edge -p parent child");
        hub.execute("edge:device-add -k leaf -p child " + LEAF);
        for (String identity : List.of("parent", "child", LEAF)) {
            KEYS.put(identity, SasTokens.keyOf(hub.execute("edge:device-connection-string " + identity)));
        }
        parent.placeBelow(hub, "amqp", hub.amqpPort(), KEYS.get("parent"));
        child.placeBelow(parent, "amqp", parent.amqpPort(), KEYS.get("child"));
        parent.karaf().setProperty("io.strata.apiproxy.cfg", "parentProxyPort", PROXY_PORTS.get("hub").toString());
        child.karaf().setProperty("io.strata.apiproxy.cfg", "parentProxyPort", PROXY_PORTS.get("parent").toString());
        CompletableFuture<Void> parentStarted = CompletableFuture.runAsync(() -> start(parent));
        CompletableFuture<Void> childStarted = CompletableFuture.runAsync(() -> start(child));
        large = writeLargeFile(hub.karaf().home().resolveSibling("blob-upload-50MB.bin"));
        parentStarted.join();
        childStarted.join();
    }

    @AfterClass
    public static void stopTheTree() throws Exception {
        for (EdgeNode node : new EdgeNode[] {child, parent, hub}) {
            if (node != null) {
                node.close();
            }
        }
        if (large != null) {
            Files.deleteIfExists(large);
        }
    }

    @Test
    public void t1_aLeafBelowTheChildUploadsThroughBothProxiesAndTheHubHasTheSameBytes() throws Exception {
        BlobServiceClient fromTheLeaf = client(child, SasTokens.create(child.hostname(), LEAF, KEYS.get(LEAF),
                Duration.ofHours(1)));
        BlobContainerClient container = awaitContainer(fromTheLeaf);

        container.getBlobClient("camera/clip.bin").uploadFromFile(large.toString(), new ParallelTransferOptions()
                .setBlockSizeLong(4L * 1024 * 1024).setMaxSingleUploadSizeLong(4L * 1024 * 1024)
                .setMaxConcurrency(2), null, null, null, null, TIMEOUT);
        container.getBlobClient("notes/small.txt").upload(BinaryData.fromString("one put"), true);

        String containers = hub.execute("edge:blobs");
        assertTrue(containers, containers.matches("(?s).*" + CONTAINER + "\\s*\\|\\s*2\\s*\\|\\s*"
                + (LARGE_BYTES + 7) + ".*"));
        String blobs = hub.execute("edge:blobs " + CONTAINER);
        assertTrue(blobs, blobs.contains("camera/clip.bin") && blobs.contains(Long.toString(LARGE_BYTES))
                && blobs.contains("notes/small.txt"));

        BlobServiceClient atTheHub = client(hub, SasTokens.create(hub.hostname(), LEAF, KEYS.get(LEAF),
                Duration.ofHours(1)));
        BlobContainerClient top = atTheHub.getBlobContainerClient(CONTAINER);
        assertEquals(List.of("camera/clip.bin", "notes/small.txt"),
                top.listBlobs().stream().map(BlobItem::getName).toList());
        DigestStream downloaded = new DigestStream();
        top.getBlobClient("camera/clip.bin").downloadStream(downloaded);
        assertEquals(largeSha256, HexFormat.of().formatHex(downloaded.digest.digest()));
        assertEquals("one put", top.getBlobClient("notes/small.txt").downloadContent().toString());
    }

    private static BlobContainerClient awaitContainer(BlobServiceClient service) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            try {
                return service.createBlobContainer(CONTAINER);
            } catch (RuntimeException notThereYet) {
                // the proxies start with their nodes' certificates, the parent's link follows
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("The blob storage did not answer through the child within " + TIMEOUT
                            + ", see " + hub.log() + ", " + parent.log() + " and " + child.log(), notThereYet);
                }
            }
            Thread.sleep(2000);
        }
    }

    private static BlobServiceClient client(EdgeNode node, String proxyToken) throws Exception {
        HttpClient http = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                .secure(tls -> tls.sslContext(new JdkSslContext(trust(), true, ClientAuth.NONE))))
                .responseTimeout(Duration.ofMinutes(2)).build();
        return new BlobServiceClientBuilder()
                .endpoint("https://127.0.0.1:" + PROXY_PORTS.get(node.deviceId()) + "/" + ACCOUNT)
                .credential(new StorageSharedKeyCredential(ACCOUNT, accountKey))
                .httpClient(http)
                .addPolicy((context, next) -> {
                    context.getHttpRequest().setHeader(HttpHeaderName.fromString("Proxy-Authorization"), proxyToken);
                    return next.process();
                })
                .buildClient();
    }

    private static javax.net.ssl.SSLContext trust() {
        try {
            return pki.trust();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void start(EdgeNode node) {
        try {
            node.karaf().start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + node.deviceId(), e);
        }
    }

    /** 50 MB of seeded random bytes, written in pieces; its SHA-256 is kept in {@link #largeSha256}. */
    private static Path writeLargeFile(Path file) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Random random = new Random(16);
        byte[] piece = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < LARGE_BYTES; written += piece.length) {
                random.nextBytes(piece);
                out.write(piece);
                sha256.update(piece);
            }
        }
        largeSha256 = HexFormat.of().formatHex(sha256.digest());
        return file;
    }

    /** Takes a download's bytes into its SHA-256 only. */
    private static final class DigestStream extends OutputStream {

        final MessageDigest digest;

        DigestStream() throws Exception {
            digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }
    }
}
