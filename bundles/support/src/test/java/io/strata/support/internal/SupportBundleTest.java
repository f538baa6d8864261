package io.strata.support.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.check.CheckReport;
import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import io.strata.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SupportBundleTest {

    private static final String SHARED_ACCESS_KEY = "bm9kZS1rZXktdGhhdC1tdXN0LW5vdC1sZWFr";
    private static final String ACCOUNT_KEY = "YmxvYi1hY2NvdW50LWtleS1zZWNyZXQ=";
    private static final String REMOTE_PASSWORD = "registry-remote-pw";
    private static final String REPOSITORY_PASSWORD = "maven-deploy-pw";
    private static final String METATYPE_PASSWORD = "ca-key-passphrase";
    private static final String PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";
    private static final List<String> SECRETS = List.of(SHARED_ACCESS_KEY, ACCOUNT_KEY, REMOTE_PASSWORD,
            REPOSITORY_PASSWORD, METATYPE_PASSWORD, PRIVATE_KEY);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path etc;
    private Path logs;

    @Before
    public void aNodeWithSecretsInItsSettings() throws IOException {
        etc = folder.newFolder("etc").toPath();
        logs = folder.newFolder("data", "log").toPath();
        Files.writeString(etc.resolve("io.strata.node.cfg"), String.join("\n",
                "hostname = line-1.plant.example",
                "parentHostname = hub.plant.example",
                ".upstreamSharedAccessKey = " + SHARED_ACCESS_KEY, ""));
        Files.writeString(etc.resolve("io.strata.blob.cfg"), "accountName = plant\naccountKey = " + ACCOUNT_KEY + "\n");
        Files.writeString(etc.resolve("io.strata.registry.cfg"),
                "remoteUrls = https://repo.example/maven\nremotePasswords = " + REMOTE_PASSWORD + "\n");
        Files.writeString(etc.resolve("io.strata.certs.cfg"), "deviceCaPassphrase = " + METATYPE_PASSWORD + "\n");
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.repositories = "
                + "https://deployer:" + REPOSITORY_PASSWORD + "@repo.example/maven@id=plant\n");
        Files.writeString(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101\n");
        Files.writeString(etc.resolve("device-ca.key.pem"), PRIVATE_KEY + "\n");
        Files.writeString(logs.resolve("karaf.log"), String.join("\n",
                "2026-12-07T04:00:00,000 | INFO  | main | Boot | 1 - x - 1 | an old line",
                "2026-12-07T05:10:00,000 | ERROR | cm   | NodeSettings | 9 - io.strata.api - 0.1.0 | "
                        + "etc/io.strata.node.cfg: .upstreamSharedAccessKey = " + SHARED_ACCESS_KEY + "x: not base64",
                "java.lang.IllegalArgumentException: a stack trace line that goes with it",
                "2026-12-07T05:20:00,000 | INFO  | main | Boot | 1 - x - 1 | a recent line", ""));
        Path rolled = Files.writeString(logs.resolve("karaf.log.1"),
                "2026-12-06T10:00:00,000 | INFO  | main | Boot | 1 - x - 1 | yesterday\n");
        Files.setLastModifiedTime(rolled, FileTime.from(Instant.parse("2026-12-06T10:00:00Z")));
    }

    private SupportBundle bundle(Map<String, Supplier<String>> sections) {
        return new SupportBundle(etc, logs, ZoneOffset.UTC,
                pid -> pid.equals("io.strata.certs") ? Set.of("deviceCaPassphrase") : Set.of(), sections);
    }

    private Map<String, Supplier<String>> sections() {
        Map<String, Supplier<String>> sections = new LinkedHashMap<>();
        sections.put("checks.json", () -> CheckReport.run(List.of(
                HealthCheck.of(HealthCheck.CONFIGURATION, "hostname", "hostname is valid",
                        () -> CheckResult.ok("line-1.plant.example")),
                HealthCheck.of(HealthCheck.CONNECTIVITY, "parent-auth", "the parent accepts this node",
                        () -> CheckResult.error("refused key " + SHARED_ACCESS_KEY, "fix the key"))),
                Duration.ofSeconds(5)).json());
        sections.put("jvm.json", () -> SupportJson.write(JvmState.summary()));
        sections.put("threads.txt", JvmState::threadDump);
        return sections;
    }

    private static Map<String, String> entries(Path zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    public void theZipHoldsSettingsSectionsAndLogsAndNoSecretAnywhere() throws Exception {
        Path zip = folder.getRoot().toPath().resolve("support.zip");
        bundle(sections()).write(zip, null, null);

        Map<String, String> entries = entries(zip);
        assertEquals(List.of("settings/io.strata.blob.cfg", "settings/io.strata.certs.cfg",
                "settings/io.strata.node.cfg", "settings/io.strata.registry.cfg",
                "settings/org.ops4j.pax.url.mvn.cfg", "checks.json", "jvm.json", "threads.txt",
                "logs/karaf.log", "logs/karaf.log.1"), List.copyOf(entries.keySet()));
        assertTrue(entries.get("settings/io.strata.node.cfg").contains("hostname = line-1.plant.example"));
        assertTrue(entries.get("settings/io.strata.node.cfg").contains(".upstreamSharedAccessKey = <removed>"));
        assertTrue(entries.get("settings/io.strata.certs.cfg").contains("deviceCaPassphrase = <removed>"));

        JsonNode checks = Json.mapper().readTree(entries.get("checks.json"));
        assertEquals(1, checks.get("errors").asInt());
        assertEquals("parent-auth", checks.get("checks").get(1).get("id").asText());
        JsonNode jvm = Json.mapper().readTree(entries.get("jvm.json"));
        assertTrue(jvm.get("heap").get("used").asLong() > 0);
        assertTrue(jvm.get("threads").get("live").asInt() > 0);
        assertTrue(entries.get("threads.txt").contains("\"main\""));
        assertTrue(entries.get("logs/karaf.log").contains("an old line"));
        assertTrue(entries.get("logs/karaf.log.1").contains("yesterday"));

        String everything = String.join("\n", entries.values());
        for (String secret : SECRETS) {
            assertFalse("the bundle holds " + secret, everything.contains(secret));
        }
    }

    @Test
    public void untilKeepsTheLinesBeforeThen() throws Exception {
        Path zip = folder.getRoot().toPath().resolve("older.zip");
        bundle(Map.of()).write(zip, null, Instant.parse("2026-12-07T05:00:00Z"));

        String log = entries(zip).get("logs/karaf.log");
        assertTrue(log, log.contains("an old line"));
        assertFalse(log, log.contains("a recent line"));
    }

    @Test
    public void sinceKeepsTheLinesFromThenOnWithTheirStackTraces() throws Exception {
        Path zip = folder.getRoot().toPath().resolve("recent.zip");
        bundle(Map.of()).write(zip, Instant.parse("2026-12-07T05:00:00Z"), null);

        Map<String, String> entries = entries(zip);
        String log = entries.get("logs/karaf.log");
        assertFalse(log, log.contains("an old line"));
        assertTrue(log, log.contains("a stack trace line that goes with it"));
        assertTrue(log, log.contains("a recent line"));
        assertTrue(log, log.contains(".upstreamSharedAccessKey = <removed>x: not base64"));
        assertFalse("a rolled-over log from before then is left out", entries.containsKey("logs/karaf.log.1"));
    }

    @Test
    public void aPathThatCannotBeWrittenIsAClearErrorAndLeavesNothingBehind() throws Exception {
        Path missing = folder.getRoot().toPath().resolve("no/such/folder/support.zip");
        IOException refused = assertThrows(IOException.class, () -> bundle(sections()).write(missing, null, null));
        assertEquals("cannot write " + missing + ": the folder " + missing.getParent() + " does not exist",
                refused.getMessage());

        Path aFolder = folder.newFolder("bundles").toPath();
        refused = assertThrows(IOException.class, () -> bundle(sections()).write(aFolder, null, null));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith(aFolder + " is a folder"));
    }

    @Test
    public void aBundleThatFailsHalfWayLeavesTheTargetAsItWas() throws Exception {
        Path zip = folder.getRoot().toPath().resolve("support.zip");
        Files.writeString(zip, "the bundle of yesterday");
        Map<String, Supplier<String>> failing = new LinkedHashMap<>(sections());
        failing.put("broken.json", () -> {
            throw new IllegalStateException("the disk went away");
        });

        assertThrows(IllegalStateException.class, () -> bundle(failing).write(zip, null, null));

        assertEquals("the bundle of yesterday", Files.readString(zip));
        try (Stream<Path> files = Files.list(folder.getRoot().toPath())) {
            assertEquals("no temporary file stays", List.of(),
                    files.filter(file -> file.toString().endsWith(".part")).toList());
        }
    }
}
