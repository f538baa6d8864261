package io.strata.blob.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.KeySlot;
import io.strata.apiproxy.internal.LoopbackBlobProxy;
import io.strata.testing.MemoryIdentityRegistry;
import io.strata.testing.TestPki;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The real Azure Storage Blob SDK for Java, as a leaf device, against the blob storage served by a
 * real API proxy listener on loopback (TLS, SAS in Proxy-Authorization, a body limit): containers,
 * single and block uploads, listings, ranged and whole downloads, deletes, and the refusals.
 */
public class BlobSdkThroughTheProxyTest {

    private static final String ACCOUNT = "strataaccount";
    private static final String TINY_ACCOUNT = "tinyaccount";
    private static final String AGING_ACCOUNT = "agingaccount";
    private static final long PROXY_LIMIT = 3L * 1024 * 1024;
    private static final long TINY_BOUND = 1024 * 1024;
    private static final int BLOCK = 1024 * 1024;

    @ClassRule
    public static final TemporaryFolder TEMPORARY = new TemporaryFolder();

    private static String key;
    private static BlobStore store;
    private static BlobStore tinyStore;
    private static BlobStore agingStore;
    private static TestPki pki;
    private static LoopbackBlobProxy proxy;
    private static HttpClient http;
    private static String leafToken;
    private static BlobServiceClient service;

    @BeforeClass
    public static void start() throws Exception {
        pki = new TestPki("localhost");
        MemoryIdentityRegistry identities = new MemoryIdentityRegistry("localhost");
        identities.add(Identity.device("leaf", false, Credentials.generateSymmetricKeys()));
        leafToken = identities.createSasToken(IdentityId.device("leaf"), KeySlot.PRIMARY, Duration.ofMinutes(30));
        byte[] keyBytes = new byte[64];
        new SecureRandom().nextBytes(keyBytes);
        key = Base64.getEncoder().encodeToString(keyBytes);
        store = new BlobStore(TEMPORARY.newFolder("blobs").toPath(), 1L << 30, Clock.systemUTC());
        tinyStore = new BlobStore(TEMPORARY.newFolder("tiny").toPath(), TINY_BOUND, Clock.systemUTC());
        BlobRoute route = new BlobRoute(new SharedKey(ACCOUNT, key), store, Clock.systemUTC());
        BlobRoute tiny = new BlobRoute(new SharedKey(TINY_ACCOUNT, key), tinyStore, Clock.systemUTC());
        agingStore = new BlobStore(TEMPORARY.newFolder("aging").toPath(), 1L << 30, Clock.systemUTC());
        BlobRoute aging = new BlobRoute(new SharedKey(AGING_ACCOUNT, key), agingStore, Clock.systemUTC());
        proxy = new LoopbackBlobProxy(pki.serverContext(), identities, Map.of(route.prefix(), route,
                tiny.prefix(), tiny, aging.prefix(), aging), PROXY_LIMIT);
        SSLContext trustingTheProxy = pki.clientContext();
        http = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                .secure(tls -> tls.sslContext(new JdkSslContext(trustingTheProxy, true, ClientAuth.NONE)))).build();
        service = client(ACCOUNT, key, leafToken);
    }

    @AfterClass
    public static void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    public void aContainerIsCreatedListedAndDeleted() {
        BlobContainerClient container = service.createBlobContainer("lifecycle");
        assertTrue(container.exists());
        assertTrue(service.listBlobContainers().stream().map(BlobContainerItem::getName).toList()
                .contains("lifecycle"));

        BlobStorageException twice = assertThrows(BlobStorageException.class,
                () -> service.createBlobContainer("lifecycle"));
        assertEquals(409, twice.getStatusCode());
        assertEquals(BlobErrorCode.CONTAINER_ALREADY_EXISTS, twice.getErrorCode());

        service.deleteBlobContainer("lifecycle");
        assertFalse(container.exists());
        BlobStorageException gone = assertThrows(BlobStorageException.class,
                () -> container.getBlobClient("x").upload(BinaryData.fromString("x")));
        assertEquals(BlobErrorCode.CONTAINER_NOT_FOUND, gone.getErrorCode());
    }

    @Test
    public void aSmallBlobIsOnePutAndComesBackWithItsPropertiesByteForByte() throws Exception {
        BlobClient blob = service.createBlobContainer("small").getBlobClient("reports/day 1.json");
        byte[] content = random(10_000, 1);
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(content))
                .setHeaders(new BlobHttpHeaders().setContentType("application/json"))
                .setMetadata(Map.of("line", "7")), null, Context.NONE);

        BlobProperties properties = blob.getProperties();
        assertEquals(content.length, properties.getBlobSize());
        assertEquals("application/json", properties.getContentType());
        assertArrayEquals(MessageDigest.getInstance("MD5").digest(content), properties.getContentMd5());
        assertEquals(Map.of("line", "7"), properties.getMetadata());
        assertTrue(store.blob("small", "reports/day 1.json").blocks().isEmpty());

        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        blob.downloadStream(whole);
        assertArrayEquals(content, whole.toByteArray());
        ByteArrayOutputStream range = new ByteArrayOutputStream();
        var ranged = blob.downloadStreamWithResponse(range, new BlobRange(100, 50L), null, null, false, null,
                Context.NONE);
        assertEquals(206, ranged.getStatusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, 150), range.toByteArray());
    }

    @Test
    public void aLargeBlobGoesUpInBlocksAndComesDownByteForByte() throws Exception {
        BlobClient blob = service.createBlobContainer("large").getBlobClient("camera/clip.bin");
        byte[] content = random(5 * BLOCK + 123, 2);
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(content))
                .setParallelTransferOptions(new ParallelTransferOptions().setBlockSizeLong((long) BLOCK)
                        .setMaxSingleUploadSizeLong((long) BLOCK).setMaxConcurrency(2)), null, Context.NONE);

        StoredBlob stored = store.blob("large", "camera/clip.bin");
        assertEquals("committed from Put Block + Put Block List", 6, stored.blocks().size());
        assertEquals(content.length, blob.getProperties().getBlobSize());
        DigestStream downloaded = new DigestStream();
        blob.downloadStream(downloaded);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(content), downloaded.digest.digest());
        assertFalse("no uncommitted block is left", Files.exists(store.root().resolve("containers/large/blocks")
                .resolve(stored.data().getFileName().toString().split("\\.")[0])));
    }

    @Test
    public void blobsAreListedByPrefixPageByPageAndDeleted() {
        BlobContainerClient container = service.createBlobContainer("listing");
        for (String name : List.of("a/1", "a/2", "a/3", "b/1")) {
            container.getBlobClient(name).upload(BinaryData.fromString(name));
        }

        List<String> pages = container.listBlobs(new ListBlobsOptions().setPrefix("a/").setMaxResultsPerPage(2), null)
                .streamByPage().map(page -> page.getValue().stream().map(BlobItem::getName)
                        .collect(Collectors.joining(","))).toList();
        assertEquals(List.of("a/1,a/2", "a/3"), pages);
        assertEquals(List.of("a/", "b/"), container.listBlobsByHierarchy("/", null, null).stream()
                .map(BlobItem::getName).toList());

        container.getBlobClient("a/2").delete();
        BlobStorageException gone = assertThrows(BlobStorageException.class,
                () -> container.getBlobClient("a/2").getProperties());
        assertEquals(404, gone.getStatusCode());
        assertFalse(container.getBlobClient("a/2").exists());
        assertEquals(3, container.listBlobs().stream().count());
    }

    @Test
    public void aBadSharedKeySignatureIs403NamingTheStringToSign() {
        byte[] other = new byte[64];
        new Random(3).nextBytes(other);
        BlobServiceClient forger = client(ACCOUNT, Base64.getEncoder().encodeToString(other), leafToken);

        BlobStorageException refused = assertThrows(BlobStorageException.class,
                () -> forger.createBlobContainer("forged"));
        assertEquals(403, refused.getStatusCode());
        assertEquals(BlobErrorCode.AUTHENTICATION_FAILED, refused.getErrorCode());
        assertThat(refused.getMessage(), containsString("Server used following string to sign: 'PUT\n"));
        assertThat(refused.getMessage(), containsString("/" + ACCOUNT + "/" + ACCOUNT + "/forged\nrestype:container"));
        assertFalse(service.getBlobContainerClient("forged").exists());
    }

    @Test
    public void noProxyCredentialsIs401() {
        StatusRecorder statuses = new StatusRecorder();
        BlobServiceClient anonymous = client(ACCOUNT, key, null, statuses);

        // the SDK cannot read the proxy's plain-text answer, so the status is taken from the wire
        assertThrows(RuntimeException.class, () -> anonymous.createBlobContainer("anonymous"));
        assertEquals(List.of(401), statuses.seen);
        assertFalse(service.getBlobContainerClient("anonymous").exists());
    }

    @Test
    public void aBodyOverTheProxysLimitIs413AndNothingIsStored() throws Exception {
        BlobClient blob = service.createBlobContainer("limit").getBlobClient("big");
        byte[] content = random((int) PROXY_LIMIT + 1, 4);

        // the proxy answers 413 on the headers and closes; the SDK, still sending, sees the connection close
        assertThrows(RuntimeException.class, () -> blob.uploadWithResponse(
                new BlobParallelUploadOptions(BinaryData.fromBytes(content)).setParallelTransferOptions(
                        new ParallelTransferOptions().setMaxSingleUploadSizeLong(8L * BLOCK)), null, Context.NONE));
        assertFalse(blob.exists());
        try (SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory().createSocket("localhost",
                proxy.port())) {
            socket.getOutputStream().write(("PUT /" + ACCOUNT + "/limit/big HTTP/1.1\r\nHost: localhost\r\n"
                    + "Proxy-Authorization: " + leafToken + "\r\nx-ms-blob-type: BlockBlob\r\nContent-Length: "
                    + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // the status line only: the proxy reads (and drops) the announced body before it closes
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status, status.startsWith("HTTP/1.1 413 "));
        }
        assertFalse(blob.exists());
    }

    @Test
    public void aWrongMd5Is400Md5MismatchAndNothingIsStored() throws Exception {
        BlobClient blob = service.createBlobContainer("checked").getBlobClient("file");
        byte[] content = random(4096, 5);
        byte[] wrong = MessageDigest.getInstance("MD5").digest("something else".getBytes());
        long used = store.usedBytes();

        BlobStorageException refused = assertThrows(BlobStorageException.class, () -> blob.getBlockBlobClient()
                .uploadWithResponse(new ByteArrayInputStream(content), content.length, null, null, null, wrong, null,
                        null, Context.NONE));
        assertEquals(400, refused.getStatusCode());
        assertEquals(BlobErrorCode.MD5MISMATCH, refused.getErrorCode());
        assertFalse(blob.exists());
        assertEquals(used, store.usedBytes());

        blob.getBlockBlobClient().uploadWithResponse(new ByteArrayInputStream(content), content.length, null, null,
                null, MessageDigest.getInstance("MD5").digest(content), null, null, Context.NONE);
        assertTrue(blob.exists());
    }

    @Test
    public void anUploadOverTheSizeBoundIs507AndNothingIsHalfWritten() throws Exception {
        BlobServiceClient tiny = client(TINY_ACCOUNT, key, leafToken);
        BlobContainerClient container = tiny.createBlobContainer("bounded");
        container.getBlobClient("fits").upload(BinaryData.fromBytes(random(600_000, 6)));

        BlobStorageException refused = assertThrows(BlobStorageException.class,
                () -> container.getBlobClient("too-much").upload(BinaryData.fromBytes(random(600_000, 7))));
        assertEquals(507, refused.getStatusCode());
        assertEquals("InsufficientStorage", refused.getErrorCode().toString());
        assertFalse(container.getBlobClient("too-much").exists());
        assertEquals(600_000, tinyStore.usedBytes());
        try (var files = Files.list(tinyStore.root().resolve("tmp"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    public void blobsOlderThanTheAgeAreAutoDeleted() throws Exception {
        BlobContainerClient container = client(AGING_ACCOUNT, key, leafToken).createBlobContainer("aging");
        container.getBlobClient("old").upload(BinaryData.fromString("old"));
        Thread.sleep(20);
        Instant cutoff = Instant.now();
        Thread.sleep(20);
        container.getBlobClient("new").upload(BinaryData.fromString("new"));

        assertEquals(1, agingStore.deleteOlderThan(cutoff));
        assertFalse(container.getBlobClient("old").exists());
        assertTrue(container.getBlobClient("new").exists());
        assertEquals(3, agingStore.usedBytes());
    }

    @Test
    public void aContainerSasOfTheSdkUploadsListsAndDownloadsWithinItsPermissions() {
        BlobContainerClient owner = service.createBlobContainer("sas-uploads");
        String uploadOnly = owner.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                BlobContainerSasPermission.parse("cw")));
        BlobContainerClient uploader = sasClient("sas-uploads", uploadOnly);

        uploader.getBlobClient("node/edgeAgent.log").upload(BinaryData.fromString("line 1\nline 2\n"));
        assertEquals("line 1\nline 2\n", owner.getBlobClient("node/edgeAgent.log").downloadContent().toString());
        uploader.getBlobClient("node/edgeAgent.log").upload(BinaryData.fromString("again"), true);
        byte[] large = random(3 * BLOCK + 5, 17);
        uploader.getBlobClient("node/bundle.zip").uploadWithResponse(new BlobParallelUploadOptions(
                new ByteArrayInputStream(large)).setParallelTransferOptions(new ParallelTransferOptions()
                        .setBlockSizeLong((long) BLOCK).setMaxSingleUploadSizeLong((long) BLOCK)), null, Context.NONE);
        assertArrayEquals(large, owner.getBlobClient("node/bundle.zip").downloadContent().toBytes());

        BlobStorageException read = assertThrows(BlobStorageException.class,
                () -> uploader.getBlobClient("node/edgeAgent.log").downloadContent());
        assertEquals(403, read.getStatusCode());
        assertEquals(BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH, read.getErrorCode());
        BlobStorageException list = assertThrows(BlobStorageException.class,
                () -> uploader.listBlobs().stream().count());
        assertEquals(BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH, list.getErrorCode());

        BlobContainerClient reader = sasClient("sas-uploads", owner.generateSas(new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plusHours(1), BlobContainerSasPermission.parse("rl"))));
        assertEquals("again", reader.getBlobClient("node/edgeAgent.log").downloadContent().toString());
        assertEquals(List.of("node/bundle.zip", "node/edgeAgent.log"),
                reader.listBlobs().stream().map(BlobItem::getName).toList());
        BlobStorageException delete = assertThrows(BlobStorageException.class,
                () -> reader.getBlobClient("node/edgeAgent.log").delete());
        assertEquals(BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH, delete.getErrorCode());
    }

    @Test
    public void createWithoutWriteMakesNewBlobsButOverwritesNone() {
        BlobContainerClient owner = service.createBlobContainer("sas-create");
        BlobContainerClient creator = sasClient("sas-create", owner.generateSas(new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plusHours(1), BlobContainerSasPermission.parse("c"))));

        creator.getBlobClient("once").upload(BinaryData.fromString("first"));
        BlobStorageException overwrite = assertThrows(BlobStorageException.class,
                () -> creator.getBlobClient("once").upload(BinaryData.fromString("second"), true));
        assertEquals(BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH, overwrite.getErrorCode());
        assertEquals("first", owner.getBlobClient("once").downloadContent().toString());
    }

    @Test
    public void anExpiredNotYetValidForeignOrForgedSasIsRefusedAsAzureDoes() {
        BlobContainerClient owner = service.createBlobContainer("sas-refusals");
        service.createBlobContainer("sas-other");
        BlobContainerSasPermission all = BlobContainerSasPermission.parse("rcwl");

        String expired = owner.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().minusMinutes(1), all));
        assertRefused("sas-refusals", expired, "Signature not valid in the specified time frame");
        String notYet = owner.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(2), all)
                .setStartTime(OffsetDateTime.now().plusHours(1)));
        assertRefused("sas-refusals", notYet, "Signature not valid in the specified time frame");
        String valid = owner.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1), all));
        assertRefused("sas-other", valid, "Signature did not match");
        assertRefused("sas-refusals", valid.replace("sp=rcwl", "sp=rcwdl"), "Signature did not match");
        byte[] otherKey = new byte[64];
        new Random(3).nextBytes(otherKey);
        String foreign = new BlobServiceClientBuilder().endpoint("https://localhost:" + proxy.port() + "/" + ACCOUNT)
                .credential(new StorageSharedKeyCredential(ACCOUNT, Base64.getEncoder().encodeToString(otherKey)))
                .httpClient(http).buildClient().getBlobContainerClient("sas-refusals")
                .generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1), all));
        assertRefused("sas-refusals", foreign, "Signature did not match");
    }

    @Test
    public void aBlobSasReachesItsBlobOnly() {
        BlobContainerClient owner = service.createBlobContainer("sas-blob");
        owner.getBlobClient("mine").upload(BinaryData.fromString("mine"));
        owner.getBlobClient("theirs").upload(BinaryData.fromString("theirs"));
        String sas = owner.getBlobClient("mine").generateSas(new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plusHours(1), BlobSasPermission.parse("r")));

        assertEquals("mine", sasClient("sas-blob", sas).getBlobClient("mine").downloadContent().toString());
        BlobStorageException other = assertThrows(BlobStorageException.class,
                () -> sasClient("sas-blob", sas).getBlobClient("theirs").downloadContent());
        assertEquals(BlobErrorCode.AUTHENTICATION_FAILED, other.getErrorCode());
    }

    @Test
    public void theSasThisServiceHandsOutWorksWithTheSdk() {
        service.createBlobContainer("sas-own");
        String sas = new ServiceSas(new SharedKey(ACCOUNT, key)).containerSas("sas-own", "rcw",
                Instant.now().plus(Duration.ofHours(1)));

        BlobContainerClient client = sasClient("sas-own", sas);
        client.getBlobClient("a/b.txt").upload(BinaryData.fromString("handed out"));
        assertEquals("handed out", client.getBlobClient("a/b.txt").downloadContent().toString());
        assertRefused("sas-own", new ServiceSas(new SharedKey(ACCOUNT, key)).containerSas("sas-own", "rcw",
                Instant.now().minusSeconds(5)), "Signature not valid in the specified time frame");
    }

    private static void assertRefused(String container, String sas, String because) {
        BlobStorageException refused = assertThrows(BlobStorageException.class,
                () -> sasClient(container, sas).getBlobClient("x").upload(BinaryData.fromString("x"), true));
        assertEquals(403, refused.getStatusCode());
        assertEquals(BlobErrorCode.AUTHENTICATION_FAILED, refused.getErrorCode());
        assertThat(refused.getMessage(), containsString(because));
    }

    /** A client that has nothing but the SAS (and the leaf's token for the proxy). */
    private static BlobContainerClient sasClient(String container, String sas) {
        return new BlobContainerClientBuilder()
                .endpoint("https://localhost:" + proxy.port() + "/" + ACCOUNT + "/" + container)
                .sasToken(sas)
                .httpClient(http)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, 60, null, null, null))
                .addPolicy(proxyAuthorization(leafToken))
                .buildClient();
    }

    private static BlobServiceClient client(String account, String accountKey, String proxyToken) {
        return client(account, accountKey, proxyToken, new StatusRecorder());
    }

    private static BlobServiceClient client(String account, String accountKey, String proxyToken,
            StatusRecorder statuses) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .endpoint("https://localhost:" + proxy.port() + "/" + account)
                .credential(new StorageSharedKeyCredential(account, accountKey))
                .httpClient(http)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, 60, null, null, null))
                .addPolicy(statuses);
        if (proxyToken != null) {
            builder.addPolicy(proxyAuthorization(proxyToken));
        }
        return builder.buildClient();
    }

    /** The leaf's SAS for the proxy, beside the SDK's own Shared Key in Authorization. */
    static HttpPipelinePolicy proxyAuthorization(String token) {
        return (context, next) -> {
            context.getHttpRequest().setHeader(HttpHeaderName.fromString("Proxy-Authorization"), token);
            return next.process();
        };
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Notes the status of every response the SDK receives. */
    private static final class StatusRecorder implements HttpPipelinePolicy {

        final List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public reactor.core.publisher.Mono<com.azure.core.http.HttpResponse> process(
                com.azure.core.http.HttpPipelineCallContext context, com.azure.core.http.HttpPipelineNextPolicy next) {
            return next.process().doOnNext(response -> seen.add(response.getStatusCode()));
        }

        @Override
        public com.azure.core.http.HttpResponse processSync(com.azure.core.http.HttpPipelineCallContext context,
                com.azure.core.http.HttpPipelineNextSyncPolicy next) {
            com.azure.core.http.HttpResponse response = next.processSync();
            seen.add(response.getStatusCode());
            return response;
        }
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
