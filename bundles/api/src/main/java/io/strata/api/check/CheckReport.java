package io.strata.api.check;

import io.strata.api.check.CheckResult.Status;
import io.strata.api.json.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcomes of a run of checks as {@code iotedge check} prints them: one line each, or JSON for
 * scripts. {@code edge:check} prints it, a support bundle keeps its JSON.
 */
public final class CheckReport {

    private static final Map<Status, String> MARKS = Map.of(Status.OK, "\u221a", Status.WARNING, "\u203c",
            Status.ERROR, "\u00d7", Status.SKIPPED, "-");

    private final List<CheckOutcome> outcomes;

    CheckReport(List<CheckOutcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
    }

    /**
     * Runs the checks side by side, each bounded by {@code timeout}: a check that hangs or throws is
     * an error line, never the end of the report.
     */
    public static CheckReport run(List<HealthCheck> checks, Duration timeout) {
        return new CheckReport(new CheckRunner(timeout).run(checks));
    }

    /** Configuration checks first, then by group and id. */
    public List<CheckOutcome> outcomes() {
        return outcomes;
    }

    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0);
        }
        outcomes.forEach(outcome -> counts.merge(outcome.result().status(), 1, Integer::sum));
        return counts;
    }

    public boolean hasErrors() {
        return counts().get(Status.ERROR) > 0;
    }

    /**
     * @param verbose also what each check saw, and the fix for a warning or error; without it only
     *                warnings and errors say why
     */
    public void printText(PrintStream out, boolean verbose) {
        String group = null;
        for (CheckOutcome outcome : outcomes) {
            if (!outcome.group().equals(group)) {
                group = outcome.group();
                out.println(group.equals(outcomes.get(0).group()) ? group : System.lineSeparator() + group);
                out.println("-".repeat(group.length()));
            }
            Status status = outcome.result().status();
            out.println(MARKS.get(status) + " " + outcome.description() + (status == Status.OK ? " - OK"
                    : status == Status.SKIPPED ? " - skipped" : ""));
            if (verbose || status == Status.WARNING || status == Status.ERROR) {
                out.println("    " + outcome.result().detail());
            }
            if (outcome.result().fix() != null && (verbose || status == Status.ERROR)) {
                out.println("    Fix: " + outcome.result().fix());
            }
        }
        Map<Status, Integer> counts = counts();
        out.printf("%n%d check(s) succeeded, %d warning(s), %d error(s), %d skipped.%n", counts.get(Status.OK),
                counts.get(Status.WARNING), counts.get(Status.ERROR), counts.get(Status.SKIPPED));
    }

    /** One object with the counts and every check's group, id, description, status, detail and fix. */
    public String json() {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<Status, Integer> counts = counts();
        report.put("succeeded", counts.get(Status.OK));
        report.put("warnings", counts.get(Status.WARNING));
        report.put("errors", counts.get(Status.ERROR));
        report.put("skipped", counts.get(Status.SKIPPED));
        report.put("checks", outcomes.stream().map(CheckReport::entry).toList());
        return Json.write(report);
    }

    private static Map<String, Object> entry(CheckOutcome outcome) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("group", outcome.group());
        entry.put("id", outcome.id());
        entry.put("description", outcome.description());
        entry.put("status", outcome.result().status().name().toLowerCase(Locale.ROOT));
        entry.put("detail", outcome.result().detail());
        entry.put("fix", outcome.result().fix());
        return entry;
    }
}
