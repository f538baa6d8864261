package io.strata.apiproxy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.api.check.CheckResult;
import io.strata.api.check.CheckResult.Status;
import io.strata.api.proxy.UpstreamClient;
import io.strata.api.proxy.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class UpstreamChecksTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    /** The parent as the checks see it: one answer to every request, or a failure to reach it. */
    private static UpstreamClient parent(int status, String body, Instant date, IOException unreachable) {
        return new UpstreamClient() {
            @Override
            public UpstreamResponse open(String method, String target) throws IOException {
                if (unreachable != null) {
                    throw unreachable;
                }
                assertEquals(UpstreamChecks.STATUS_PATH, target);
                Map<String, List<String>> headers = date == null ? Map.of()
                        : Map.of("date", List.of(DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atZone(ZoneOffset.UTC))));
                return new UpstreamResponse(status, headers, body.length(),
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public UpstreamResponse send(String method, String target, Map<String, String> headers,
                    long contentLength, InputStream body) {
                throw new AssertionError("the checks send no bodies");
            }

            @Override
            public String toString() {
                return "the parent's proxy";
            }
        };
    }

    private static CheckResult run(String id, UpstreamClient parent) {
        return UpstreamChecks.of(() -> Optional.ofNullable(parent), Clock.fixed(NOW, ZoneOffset.UTC)).stream()
                .filter(check -> check.id().equals(id)).findFirst().orElseThrow().check();
    }

    @Test
    public void theParentsProxyAcceptingThisNodeIsOkAndARefusalIsAnErrorWithItsReason() {
        CheckResult accepted = run("parent-proxy", parent(200, "{\"client\":\"line-2\"}", NOW, null));
        assertEquals(Status.OK, accepted.status());
        assertTrue(accepted.detail(), accepted.detail().contains("\"client\":\"line-2\""));

        CheckResult refused = run("parent-proxy", parent(403, "line-2 is neither this node nor below it", NOW, null));
        assertEquals(Status.ERROR, refused.status());
        assertTrue(refused.detail(), refused.detail().contains("403: line-2 is neither"));
        assertTrue(refused.fix(), refused.fix().contains("edge:device-add"));

        CheckResult unreachable = run("parent-proxy", parent(0, "", null, new IOException("Connection refused")));
        assertEquals(Status.ERROR, unreachable.status());
        assertTrue(unreachable.detail(), unreachable.detail().contains("Connection refused"));
    }

    @Test
    public void theClockCheckWarnsAtHalfAMinuteAndErrsAtFiveMinutesOfSkew() {
        assertEquals(Status.OK, run("parent-clock", parent(200, "", NOW.minusSeconds(2), null)).status());
        CheckResult warned = run("parent-clock", parent(200, "", NOW.plus(Duration.ofSeconds(90)), null));
        assertEquals(Status.WARNING, warned.status());
        assertTrue(warned.detail(), warned.detail().startsWith("the parent's clock is 90 s ahead"));
        CheckResult failed = run("parent-clock", parent(200, "", NOW.minus(Duration.ofMinutes(7)), null));
        assertEquals(Status.ERROR, failed.status());
        assertTrue(failed.detail(), failed.detail().startsWith("the parent's clock is 420 s behind"));
        assertEquals(Status.WARNING, run("parent-clock", parent(200, "", null, null)).status());
    }

    @Test
    public void onTheTopNodeBothAreSkipped() {
        assertEquals(Status.SKIPPED, run("parent-proxy", null).status());
        assertEquals(Status.SKIPPED, run("parent-clock", null).status());
    }
}
