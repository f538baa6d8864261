package io.strata.check.internal;

import io.strata.api.check.CheckReport;
import io.strata.api.check.CheckResult.Status;
import io.strata.api.check.HealthCheck;
import java.time.Duration;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code edge:check}, as {@code iotedge check}: every check the node's bundles register, one line each,
 * and a failing command when any of them errs, so a script can act on it.
 */
@Command(scope = "edge", name = "check", description = "Checks this node's configuration and its connection to "
        + "its parent: one line per check, failing when any check errs")
@Service
public class CheckCommand implements Action {

    @Reference
    List<HealthCheck> checks;

    @Option(name = "--verbose", aliases = "-v", description = "Also say what each check saw, and how to fix a failure")
    boolean verbose;

    @Option(name = "--output", aliases = "-o", description = "text (default) or json")
    @Completion(value = StringsCompleter.class, values = {"text", "json"})
    String output = "text";

    @Option(name = "--timeout", description = "Seconds each check may take (default 10)")
    int timeoutSeconds = 10;

    @Override
    public Object execute() {
        if (!output.equals("text") && !output.equals("json")) {
            throw new IllegalArgumentException("--output " + output + " is not known: use text or json");
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout " + timeoutSeconds + " is not a number of seconds (1 or more)");
        }
        CheckReport report = CheckReport.run(checks, Duration.ofSeconds(timeoutSeconds));
        if (output.equals("json")) {
            System.out.println(report.json());
        } else {
            report.printText(System.out, verbose);
        }
        if (report.hasErrors()) {
            throw new IllegalStateException(report.counts().get(Status.ERROR)
                    + " check(s) failed");
        }
        return null;
    }
}
