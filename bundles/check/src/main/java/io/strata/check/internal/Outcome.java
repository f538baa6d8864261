package io.strata.check.internal;

import io.strata.api.check.CheckResult;

/** One line of the report: the check that ran and what it found. */
record Outcome(String group, String id, String description, CheckResult result) {
}
