package io.strata.agent.internal.methods;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.strata.agent.internal.runtime.ModuleBundles;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.module.MethodResult;
import io.strata.api.proxy.ProxyRoute;
import io.strata.api.support.SupportBundles;
import io.strata.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The upload methods against a real HTTPS server standing for a blob storage reached directly: what
 * arrives (path, SAS, headers, body), how a task's status moves, and the refusals.
 */
public class UploadMethodsTest {

    private static final String LINE = "2026-12-07T05:%02d:00,000 | INFO  | thread | Logger | 77 - io.strata.sample.tempsensor - 0.1.0 | %s%n";
    private static final String SAS = "sv=2025-01-05&sr=c&sp=cw&se=2026-12-08T00%3A00%3A00Z&sig=c2lnbmF0dXJl";

    /** A request the server received. */
    record Put(String method, String target, Map<String, List<String>> headers, byte[] body) {
    }

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final List<Put> received = new CopyOnWriteArrayList<>();
    private final UploadTasks tasks = new UploadTasks();
    private volatile int answer = 201;
    private HttpsServer server;
    private UploadMethods methods;
    private SupportBundles supportBundles;
    private ProxyRoute localRoute;

    private static TestPki pki;

    @BeforeClass
    public static void makeThePki() throws Exception {
        pki = new TestPki("localhost");
    }

    @Before
    public void setUp() throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
        server.createContext("/", exchange -> {
            received.add(new Put(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath() + "?"
                    + exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            byte[] body = answer == 201 ? new byte[0] : ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>"
                    + "AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this "
                    + "operation using this permission.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            if (answer != 201) {
                exchange.getResponseHeaders().add("x-ms-error-code", "AuthorizationPermissionMismatch");
            }
            exchange.sendResponseHeaders(answer, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Path log = folder.getRoot().toPath().resolve("karaf.log");
        Files.writeString(log, String.format(LINE, 1, "Sensor started") + String.format(LINE, 2, "Sensor stopped"));
        ModuleBundles modules = () -> Map.of("sensor", java.util.Set.of("io.strata.sample.tempsensor"));
        ModuleLogs logs = new ModuleLogs(modules, new KarafLogFile(log, ZoneId.of("UTC")));
        HttpClient trustingTheServer = HttpClient.newBuilder().sslContext(pki.clientContext()).build();
        methods = new UploadMethods("child", logs, () -> Optional.ofNullable(supportBundles),
                new BlobUploader(Optional::empty, target -> Optional.ofNullable(localRoute).filter(route ->
                        target.startsWith("/edgestorage/")), IdentityId.module("child", "$edgeAgent"),
                        () -> trustingTheServer), tasks,
                Clock.fixed(Instant.parse("2026-12-07T05:10:00Z"), ZoneOffset.UTC));
    }

    @After
    public void tearDown() {
        tasks.close();
        server.stop(0);
    }

    private String url() {
        return "https://localhost:" + server.getAddress().getPort() + "/edgestorage/uploads?" + SAS;
    }

    private JsonNode finished(MethodResult started) throws Exception {
        assertThat(started.payload(), started.status(), is(200));
        String id = Json.mapper().readTree(started.payload()).get("correlationId").asText();
        for (int i = 0; i < 200; i++) {
            JsonNode status = Json.mapper().readTree(methods.taskStatus(
                    "{\"schemaVersion\":\"1.0\",\"correlationId\":\"" + id + "\"}").payload());
            if (!List.of("NotStarted", "Running").contains(status.get("status").asText())) {
                return status;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the task " + id + " did not finish in 5 s");
    }

    @Test
    public void moduleLogsGoToOneBlobPerModuleNamedAsIotEdgeNamesThem() throws Exception {
        JsonNode status = finished(methods.moduleLogs("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"" + url()
                + "\",\"items\":[{\"id\":\"sensor\",\"filter\":{\"tail\":1}}]}"));

        assertThat(status.toString(), status.get("status").asText(), is("Completed"));
        assertThat(received.size(), is(1));
        Put put = received.get(0);
        assertThat(put.method(), is("PUT"));
        assertThat(put.target(), is("/edgestorage/uploads/child/sensor-2026-12-07--05-10-00.log?" + SAS));
        assertThat(put.headers().get("X-ms-blob-type"), is(List.of("BlockBlob")));
        assertThat(new String(put.body(), StandardCharsets.UTF_8), containsString("| Sensor stopped"));
        assertThat(new String(put.body(), StandardCharsets.UTF_8), not(containsString("Sensor started")));
    }

    @Test
    public void gzipAndJsonAreUploadedAsAsked() throws Exception {
        finished(methods.moduleLogs("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"" + url()
                + "\",\"items\":[{\"id\":\"sensor\"}],\"encoding\":\"gzip\",\"contentType\":\"json\"}"));

        Put put = received.get(0);
        assertThat(put.target(), containsString("/child/sensor-2026-12-07--05-10-00.gz?"));
        try (GZIPInputStream unzip = new GZIPInputStream(new ByteArrayInputStream(put.body()))) {
            JsonNode entries = Json.mapper().readTree(unzip);
            assertThat(entries.size(), is(2));
            assertThat(entries.get(1).get("text").asText(), is("Sensor stopped"));
        }
    }

    @Test
    public void aRefusalOfTheStorageFailsTheTaskNamingItsCodeAndMessage() throws Exception {
        answer = 403;
        JsonNode status = finished(methods.moduleLogs("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"" + url()
                + "\",\"items\":[{\"id\":\"sensor\"}]}"));

        assertThat(status.get("status").asText(), is("Failed"));
        assertThat(status.get("message").asText(), containsString("answered 403 AuthorizationPermissionMismatch to "
                + "child/sensor-2026-12-07--05-10-00.log: This request is not authorized"));
        assertThat(status.get("message").asText(), not(containsString("c2lnbmF0dXJl")));
    }

    @Test
    public void withoutAParentUpstreamIsTheNodesOwnBlobStorageInProcess() throws Exception {
        localRoute = exchange -> {
            received.add(new Put(exchange.method(), exchange.target(), Map.of("client",
                    List.of(exchange.client().toString()), "x-ms-blob-type", exchange.headers().get("x-ms-blob-type")),
                    exchange.body().readAllBytes()));
            exchange.respond(201, Map.of(), 0).close();
        };
        JsonNode status = finished(methods.moduleLogs("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"https://$upstream/"
                + "edgestorage/uploads?" + SAS + "\",\"items\":[{\"id\":\"sensor\",\"filter\":{\"tail\":1}}]}"));

        assertThat(status.toString(), status.get("status").asText(), is("Completed"));
        Put put = received.get(0);
        assertThat(put.target(), is("/edgestorage/uploads/child/sensor-2026-12-07--05-10-00.log?" + SAS));
        assertThat(put.headers().get("client"), is(List.of("child/$edgeAgent")));
        assertThat(put.headers().get("x-ms-blob-type"), is(List.of("BlockBlob")));
        assertThat(new String(put.body(), StandardCharsets.UTF_8), containsString("| Sensor stopped"));
    }

    @Test
    public void withoutAParentOrABlobStorageUpstreamFailsSayingWhatToInstall() throws Exception {
        JsonNode status = finished(methods.moduleLogs("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"https://$upstream/"
                + "edgestorage/uploads?" + SAS + "\",\"items\":[{\"id\":\"sensor\"}]}"));

        assertThat(status.get("status").asText(), is("Failed"));
        assertThat(status.get("message").asText(), containsString("this node has no parent (parentHostname is empty), "
                + "so $upstream is its own blob storage, and none serves /edgestorage/uploads here (feature:install "
                + "strata-blob"));
    }

    @Test
    public void theSupportBundleIsUploadedAsAZipWithTheLogBounds() throws Exception {
        Instant[] bounds = new Instant[2];
        supportBundles = (target, since, until) -> {
            bounds[0] = since;
            bounds[1] = until;
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
                zip.putNextEntry(new ZipEntry("checks.json"));
                zip.write("[]".getBytes(StandardCharsets.UTF_8));
            }
        };
        JsonNode status = finished(methods.supportBundle("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"" + url()
                + "\",\"since\":\"1h\",\"until\":\"2026-12-07T05:05:00Z\",\"edgeRuntimeOnly\":false}"));

        assertThat(status.get("status").asText(), is("Completed"));
        assertThat(bounds[0], is(Instant.parse("2026-12-07T04:10:00Z")));
        assertThat(bounds[1], is(Instant.parse("2026-12-07T05:05:00Z")));
        Put put = received.get(0);
        assertThat(put.target(), is("/edgestorage/uploads/child/support-bundle-2026-12-07--05-10-00.zip?" + SAS));
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(put.body()))) {
            assertThat(zip.getNextEntry().getName(), is("checks.json"));
        }
    }

    @Test
    public void withoutTheSupportFeatureUploadSupportBundleAnswers503() throws Exception {
        MethodResult result = methods.supportBundle("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"" + url() + "\"}");
        assertThat(result.status(), is(503));
        assertThat(result.payload(), containsString("strata-support"));
    }

    @Test
    public void aBadPayloadAnswers400NamingTheFieldAndNeverTheSignature() throws Exception {
        assertBadRequest("{\"schemaVersion\":\"1.0\",\"items\":[{\"id\":\"sensor\"}]}",
                "sasUrl must be a non-empty string, not missing");
        assertBadRequest("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"http://host/acct/c?sig=secret1\",\"items\":[{\"id\":\"x\"}]}",
                "sasUrl must be https://<host or $upstream>[:port]/<container path>?<SAS>, not http://host/acct/c?sig=<removed>");
        assertBadRequest("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"https://host/acct/c?sv=1\",\"items\":[{\"id\":\"x\"}]}",
                "sasUrl carries no SAS signature");
        assertBadRequest("{\"schemaVersion\":\"1.0\",\"sasUrl\":\"" + url() + "\",\"items\":[]}", "items must be");
        BadPayloadException since = assertThrows(BadPayloadException.class, () -> methods.supportBundle(
                "{\"schemaVersion\":\"1.0\",\"sasUrl\":\"" + url() + "\",\"since\":\"soon\"}"));
        assertThat(since.getMessage(), containsString("since 'soon' is no point in time"));
    }

    private void assertBadRequest(String payload, String message) {
        MethodResult result;
        try {
            result = methods.moduleLogs(payload);
        } catch (BadPayloadException e) {
            assertThat(e.getMessage(), containsString(message));
            assertThat(e.getMessage(), not(containsString("secret1")));
            return;
        }
        throw new AssertionError("not refused: " + result);
    }

    @Test
    public void stoppingTheAgentCancelsTheTasksNotFinished() throws Exception {
        UploadTasks stopping = new UploadTasks();
        UploadTasks.Task first = stopping.start("slow", () -> Thread.sleep(10_000));
        UploadTasks.Task second = stopping.start("waiting", () -> { });
        stopping.close();

        assertThat(stopping.status(first.correlationId()).orElseThrow().status(), is(UploadTasks.Status.Cancelled));
        assertThat(stopping.status(second.correlationId()).orElseThrow().status(), is(UploadTasks.Status.Cancelled));
        Thread.sleep(100);
        assertThat(stopping.status(first.correlationId()).orElseThrow().status(), is(UploadTasks.Status.Cancelled));
    }

    @Test
    public void onlyTheLastTasksAreRemembered() throws Exception {
        UploadTasks many = new UploadTasks();
        List<UploadTasks.Task> started = new java.util.ArrayList<>();
        for (int i = 0; i < UploadTasks.KEPT + 5; i++) {
            started.add(many.start("quick", () -> { }));
        }
        Thread.sleep(200);
        many.start("one more", () -> { });
        many.close();
        assertThat(many.status(started.get(0).correlationId()).isPresent(), is(false));
        assertThat(many.status(started.get(UploadTasks.KEPT + 4).correlationId()).isPresent(), is(true));
    }
}
