package io.strata.api.check;

import java.util.Objects;

/**
 * The outcome of a {@link HealthCheck}.
 *
 * @param status what it found
 * @param detail what exactly it saw, for {@code --verbose}: a value, a reason, an error
 * @param fix    what the user should do about a warning or an error; null when there is nothing to do
 */
public record CheckResult(Status status, String detail, String fix) {

    public enum Status {
        OK, WARNING, ERROR, SKIPPED
    }

    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static CheckResult ok(String detail) {
        return new CheckResult(Status.OK, detail, null);
    }

    public static CheckResult warning(String detail, String fix) {
        return new CheckResult(Status.WARNING, detail, fix);
    }

    public static CheckResult error(String detail, String fix) {
        return new CheckResult(Status.ERROR, detail, fix);
    }

    /** The check does not apply to this node, e.g. the parent's checks on the top node. */
    public static CheckResult skipped(String why) {
        return new CheckResult(Status.SKIPPED, why, null);
    }
}
