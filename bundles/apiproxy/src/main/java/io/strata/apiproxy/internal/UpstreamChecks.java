package io.strata.apiproxy.internal;

import io.strata.api.check.CheckResult;
import io.strata.api.check.HealthCheck;
import io.strata.api.proxy.UpstreamClient;
import io.strata.api.proxy.UpstreamResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The checks of {@code edge:check} that ask the parent's API proxy, as this node: that it answers and
 * accepts this node, and that the two clocks agree, since SAS tokens are refused across a large skew.
 */
final class UpstreamChecks {

    static final String STATUS_PATH = StatusRoute.PATH;
    static final Duration SKEW_WARNING = Duration.ofSeconds(30);
    static final Duration SKEW_ERROR = Duration.ofMinutes(5);

    private UpstreamChecks() {
    }

    static List<HealthCheck> of(Supplier<Optional<UpstreamClient>> client, Clock clock) {
        return List.of(
                check("parent-proxy", "parent's API proxy answers and accepts this node", client,
                        UpstreamChecks::proxy),
                check("parent-clock", "clock agrees with the parent's", client, parent -> clock(parent, clock)));
    }

    private static HealthCheck check(String id, String description, Supplier<Optional<UpstreamClient>> client,
            Function<UpstreamClient, CheckResult> step) {
        return HealthCheck.of(HealthCheck.CONNECTIVITY, id, description, () -> client.get().map(step).orElseGet(
                () -> CheckResult.skipped("no parent, or the API proxy's parent settings are wrong (see the log)")));
    }

    static CheckResult proxy(UpstreamClient parent) {
        try (UpstreamResponse response = parent.open("GET", STATUS_PATH)) {
            String body = new String(response.body().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (response.status() == 200) {
                return CheckResult.ok(STATUS_PATH + ": " + body);
            }
            return CheckResult.error(parent + " answered " + response.status() + ": " + body,
                    response.status() == 401 || response.status() == 403
                            ? "the parent must know this node as its child (edge:device-add ... -p <parent> on the hub) "
                                    + "and this node's key or certificate must be the one registered"
                            : "the parent's proxy serves " + STATUS_PATH + " unless its localRoutes leave it out");
        } catch (IOException e) {
            return CheckResult.error("cannot reach " + parent + ": " + e.getMessage(),
                    "check parentProxyPort in etc/io.strata.apiproxy.cfg and that the parent's proxy runs");
        }
    }

    static CheckResult clock(UpstreamClient parent, Clock clock) {
        try (UpstreamResponse response = parent.open("HEAD", STATUS_PATH)) {
            Instant here = clock.instant();
            String date = response.header("date");
            if (date == null) {
                return CheckResult.warning("the parent's proxy sent no Date header", null);
            }
            Instant there = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            // Date has whole seconds: less than a second apart is no skew
            Duration skew = Duration.between(there, here).abs();
            String detail = "the parent's clock is " + skew.toSeconds() + " s " + (here.isAfter(there) ? "behind" : "ahead")
                    + " (its Date: " + date + ")";
            if (skew.compareTo(SKEW_ERROR) >= 0) {
                return CheckResult.error(detail, "synchronise both clocks (NTP): SAS tokens are refused across this skew");
            }
            if (skew.compareTo(SKEW_WARNING) >= 0) {
                return CheckResult.warning(detail, "synchronise both clocks (NTP)");
            }
            return CheckResult.ok(detail);
        } catch (IOException | DateTimeParseException e) {
            return CheckResult.error("cannot read the parent's time: " + e.getMessage(), null);
        }
    }
}
