package io.strata.api.check;

/** One line of {@link CheckReport}: the check that ran and what it found. */
public record CheckOutcome(String group, String id, String description, CheckResult result) {
}
