package io.strata.agent.internal.methods;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.agent.internal.runtime.ModuleBundles;
import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.agent.ModuleStatus;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.module.MethodHandler;
import io.strata.api.module.MethodResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EdgeAgentMethodsTest {

    private static final String HEADER = "2026-12-07T05:%02d:00,000 | %-5s | thread           | Logger                           | %d - %s - 0.1.0 | %s%n";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final List<String> restarted = new ArrayList<>();
    private final Map<String, Set<String>> bundles = new LinkedHashMap<>();
    private Path log;
    private Map<String, MethodHandler> handlers;
    private final UploadTasks tasks = new UploadTasks();

    /** The agent as the methods see it: restarts what is deployed, refuses anything else as the agent does. */
    private final EdgeAgent agent = new EdgeAgent() {
        @Override
        public DeploymentStatus deploy(String manifest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeploymentStatus deployTo(String deviceId, String manifest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeploymentStatus deployment() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ModuleStatus> modules() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ModuleStatus restartModule(String moduleId) {
            if (!bundles.containsKey(moduleId)) {
                throw new IllegalArgumentException("No module '" + moduleId + "' is deployed");
            }
            restarted.add(moduleId);
            return null;
        }
    };

    @Before
    public void setUp() throws IOException {
        bundles.put(ModuleBundles.EDGE_AGENT, Set.of("io.strata.agent"));
        bundles.put(ModuleBundles.EDGE_HUB, Set.of("io.strata.broker", "io.strata.edgehub"));
        bundles.put("sensor", Set.of("io.strata.sample.tempsensor"));
        bundles.put("filter", Set.of());
        StringBuilder text = new StringBuilder();
        text.append(String.format(HEADER, 0, "INFO", 39, "io.strata.agent", "Edge agent started"));
        text.append(String.format(HEADER, 1, "INFO", 77, "io.strata.sample.tempsensor", "Sensor started"));
        text.append(String.format(HEADER, 2, "WARN", 41, "io.strata.broker", "Client c1 refused"));
        text.append(String.format(HEADER, 3, "ERROR", 77, "io.strata.sample.tempsensor", "Sensor read failed"));
        text.append("java.io.IOException: timeout\n");
        text.append(String.format(HEADER, 4, "INFO", 42, "io.strata.edgehub", "Route r1 running"));
        text.append(String.format(HEADER, 5, "INFO", 12, "org.apache.karaf.features.core", "Sensor feature installed"));
        text.append(String.format(HEADER, 6, "INFO", 77, "io.strata.sample.tempsensor", "Sensor stopped"));
        log = folder.getRoot().toPath().resolve("karaf.log");
        Files.writeString(log, text);
        ModuleBundles modules = () -> bundles;
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T05:10:00Z"), ZoneOffset.UTC);
        ModuleLogs logs = new ModuleLogs(modules, new KarafLogFile(log, ZoneId.of("UTC")));
        handlers = new EdgeAgentMethods(agent, logs, new UploadMethods("child", logs, Optional::empty,
                new BlobUploader(Optional::empty, target -> Optional.empty(), IdentityId.module("child", "$edgeAgent"),
                        HttpClient::newHttpClient), tasks, clock), clock).handlers();
    }

    private MethodResult call(String method, String payload) {
        return handlers.get(method).invoke(method, payload);
    }

    private static JsonNode json(MethodResult result) throws IOException {
        return Json.mapper().readTree(result.payload());
    }

    private static String logs(String items) {
        return "{\"schemaVersion\":\"1.0\",\"items\":" + items + "}";
    }

    @Test
    public void pingAnswers200WithAnEmptyPayload() {
        assertThat(call("ping", "{}"), is(new MethodResult(200, "null")));
        assertThat(call("ping", "null"), is(new MethodResult(200, "null")));
    }

    @Test
    public void restartModuleRestartsTheDeployedModule() throws IOException {
        assertThat(call("RestartModule", "{\"schemaVersion\":\"1.0\",\"id\":\"sensor\"}").status(), is(200));
        assertThat(restarted, contains("sensor"));

        MethodResult unknown = call("RestartModule", "{\"schemaVersion\":\"1.0\",\"id\":\"ghost\"}");
        assertThat(unknown.status(), is(404));
        assertThat(json(unknown).get("message").asText(), is("No module 'ghost' is deployed"));

        MethodResult bad = call("RestartModule", "{\"schemaVersion\":\"1.0\",\"module\":\"sensor\"}");
        assertThat(bad.status(), is(400));
        assertThat(json(bad).get("message").asText(), is("id must be a non-empty string, not missing"));
        assertThat(restarted.size(), is(1));
    }

    @Test
    public void getModuleLogsAnswersTheLinesTheModulesBundlesLogged() throws IOException {
        MethodResult result = call("GetModuleLogs", logs("[{\"id\":\"sensor\"}]"));
        assertThat(result.status(), is(200));
        JsonNode answer = json(result);
        assertThat(answer.size(), is(1));
        assertThat(answer.get(0).get("id").asText(), is("sensor"));
        String text = answer.get(0).get("payload").asText();
        assertThat(text.lines().toList(), contains(
                containsString("| Sensor started"), containsString("| Sensor read failed"),
                is("java.io.IOException: timeout"), containsString("| Sensor stopped")));
    }

    @Test
    public void eachItemSelectsTheModulesItsIdIsFoundInWithItsFilter() throws IOException {
        JsonNode answer = json(call("GetModuleLogs", logs("[{\"id\":\"edge\",\"filter\":{\"loglevel\":4}},"
                + "{\"id\":\"^sensor$\",\"filter\":{\"tail\":1,\"since\":\"8m\",\"regex\":\"failed\"}}]")));
        assertThat(answer.size(), is(3));
        assertThat(answer.get(0).get("id").asText(), is("edgeAgent"));
        assertThat(answer.get(0).get("payload").asText(), is(""));
        assertThat(answer.get(1).get("id").asText(), is("edgeHub"));
        assertThat(answer.get(1).get("payload").asText(), containsString("Client c1 refused"));
        assertThat(answer.get(1).get("payload").asText().lines().count(), is(1L));
        assertThat(answer.get(2).get("id").asText(), is("sensor"));
        assertThat(answer.get(2).get("payload").asText(), containsString("| Sensor read failed"));
        assertThat(answer.get(2).get("payload").asText().lines().count(), is(2L));
    }

    @Test
    public void contentTypeJsonAnswersEntriesAndGzipAnswersPayloadBytes() throws IOException {
        JsonNode entries = json(call("GetModuleLogs", logs("[{\"id\":\"sensor\",\"filter\":{\"loglevel\":3}}]")
                .replace("}]}", "}],\"contentType\":\"json\"}"))).get(0).get("payload");
        assertThat(entries.size(), is(1));
        JsonNode entry = entries.get(0);
        assertThat(entry.get("timestamp").asText(), is("2026-12-07T05:03:00Z"));
        assertThat(entry.get("logLevel").asInt(), is(3));
        assertThat(entry.get("level").asText(), is("ERROR"));
        assertThat(entry.get("moduleId").asText(), is("sensor"));
        assertThat(entry.get("bundle").asText(), is("io.strata.sample.tempsensor"));
        assertThat(entry.get("text").asText(), is("Sensor read failed\njava.io.IOException: timeout"));

        JsonNode zipped = json(call("GetModuleLogs", logs("[{\"id\":\"sensor\",\"filter\":{\"tail\":1}}]")
                .replace("}]}", "}],\"encoding\":\"gzip\"}"))).get(0);
        assertThat(zipped.has("payload"), is(false));
        byte[] bytes = Base64.getDecoder().decode(zipped.get("payloadBytes").asText());
        try (GZIPInputStream unzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            assertThat(new String(unzip.readAllBytes(), StandardCharsets.UTF_8), containsString("| Sensor stopped"));
        }
    }

    @Test
    public void anIdMatchingNoModuleAnswersAnEmptyList() throws IOException {
        assertThat(json(call("GetModuleLogs", logs("[{\"id\":\"ghost\"}]"))).size(), is(0));
    }

    @Test
    public void aBadPayloadAnswers400NamingTheField() throws IOException {
        MethodResult result = call("GetModuleLogs", logs("[{\"id\":\"sensor\",\"filter\":{\"since\":\"a while\"}}]"));
        assertThat(result.status(), is(400));
        assertThat(json(result).get("message").asText(), containsString("items[0].filter.since 'a while'"));
    }

    @Test
    public void logsOverWhatAnAnswerHoldsAnswer413() throws IOException {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append(String.format(HEADER, 7, "INFO", 77, "io.strata.sample.tempsensor", "reading " + "x".repeat(60)));
        }
        Files.writeString(log, many, java.nio.file.StandardOpenOption.APPEND);
        MethodResult result = call("GetModuleLogs", logs("[{\"id\":\"sensor\"}]"));
        assertThat(result.status(), is(413));
        assertThat(json(result).get("message").asText(), containsString("filter.tail"));
        assertThat(call("GetModuleLogs", logs("[{\"id\":\"sensor\",\"filter\":{\"tail\":100}}]")).status(), is(200));
    }

    @Test
    public void theUploadMethodsAnswerWithATaskAndGetTaskStatusTellsItsEnd() throws Exception {
        MethodResult started = call("UploadModuleLogs", "{\"schemaVersion\":\"1.0\",\"sasUrl\":"
                + "\"https://$upstream:443/edgestorage/logs?sv=2025-01-05&sr=c&sp=cw&se=2026-12-08T00:00:00Z&sig=abc\","
                + "\"items\":[{\"id\":\"sensor\"}]}");
        assertThat(started.status(), is(200));
        String id = json(started).get("correlationId").asText();
        assertThat(json(started).get("status").asText(), anyOf(is("NotStarted"), is("Running"), is("Failed")));

        JsonNode status = json(call("GetTaskStatus", "{\"schemaVersion\":\"1.0\",\"correlationId\":\"" + id + "\"}"));
        for (int i = 0; i < 100 && !status.get("status").asText().equals("Failed"); i++) {
            Thread.sleep(50);
            status = json(call("GetTaskStatus", "{\"schemaVersion\":\"1.0\",\"correlationId\":\"" + id + "\"}"));
        }
        assertThat(status.get("status").asText(), is("Failed"));
        assertThat(status.get("message").asText(), containsString("this node has no parent"));
        assertThat(status.get("correlationId").asText(), is(id));

        MethodResult unknown = call("GetTaskStatus", "{\"schemaVersion\":\"1.0\",\"correlationId\":\"nope\"}");
        assertThat(unknown.status(), is(404));
        assertThat(call("GetTaskStatus", "{\"schemaVersion\":\"1.0\"}").status(), is(400));
    }
}
