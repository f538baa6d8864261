package io.strata.api.check;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.Test;

public class CheckReportTest {

    private static HealthCheck check(String group, String id, Supplier<CheckResult> result) {
        return new HealthCheck() {
            @Override
            public String group() {
                return group;
            }

            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return "the " + id + " check";
            }

            @Override
            public CheckResult check() {
                return result.get();
            }
        };
    }

    private static String text(CheckReport report, boolean verbose) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.printText(new PrintStream(bytes, true, StandardCharsets.UTF_8), verbose);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void configurationChecksComeFirstAndEachSaysItsOutcome() {
        List<CheckOutcome> outcomes = new CheckRunner(Duration.ofSeconds(5)).run(List.of(
                check(HealthCheck.CONNECTIVITY, "parent", () -> CheckResult.error("refused", "fix the key")),
                check(HealthCheck.CONFIGURATION, "hostname", () -> CheckResult.ok("resolves")),
                check(HealthCheck.CONFIGURATION, "certificates", () -> CheckResult.warning("expires soon", "renew"))));
        assertEquals(List.of("certificates", "hostname", "parent"), outcomes.stream().map(CheckOutcome::id).toList());
        CheckReport report = new CheckReport(outcomes);
        assertTrue(report.hasErrors());
        String text = text(report, false);
        assertTrue(text, text.contains("\u221a the hostname check - OK"));
        assertTrue(text, text.contains("\u203c the certificates check\n    expires soon"));
        assertTrue(text, text.contains("\u00d7 the parent check\n    refused\n    Fix: fix the key"));
        assertFalse("an OK line says no more without --verbose", text.contains("resolves"));
        assertTrue(text(report, true).contains("resolves"));
        assertTrue(text, text.contains("1 check(s) succeeded, 1 warning(s), 1 error(s), 0 skipped."));
    }

    @Test
    public void jsonHasTheCountsAndEveryCheck() throws Exception {
        CheckReport report = new CheckReport(new CheckRunner(Duration.ofSeconds(5)).run(List.of(
                check(HealthCheck.CONFIGURATION, "hostname", () -> CheckResult.ok("resolves")),
                check(HealthCheck.CONNECTIVITY, "parent", () -> CheckResult.skipped("top node")))));
        JsonNode json = Json.mapper().readTree(report.json());
        assertEquals(1, json.get("succeeded").asInt());
        assertEquals(1, json.get("skipped").asInt());
        assertEquals(0, json.get("errors").asInt());
        assertEquals("skipped", json.get("checks").get(1).get("status").asText());
        assertEquals("top node", json.get("checks").get(1).get("detail").asText());
        assertFalse(report.hasErrors());
    }

    @Test
    public void aCheckThatHangsOrThrowsCostsOneErrorLineNotTheReport() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        List<CheckOutcome> outcomes = new CheckRunner(Duration.ofMillis(300)).run(List.of(
                check(HealthCheck.CONNECTIVITY, "hangs", () -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return CheckResult.ok("never");
                }),
                check(HealthCheck.CONFIGURATION, "throws", () -> {
                    throw new IllegalStateException("broken");
                }),
                check(HealthCheck.CONFIGURATION, "works", () -> CheckResult.ok("fine"))));
        assertEquals(CheckResult.Status.ERROR, outcomes.get(0).result().status());
        assertTrue(outcomes.get(0).result().detail().contains("broken"));
        assertEquals(CheckResult.Status.OK, outcomes.get(1).result().status());
        assertEquals(CheckResult.Status.ERROR, outcomes.get(2).result().status());
        assertTrue(outcomes.get(2).result().detail().contains("no answer within"));
    }
}
