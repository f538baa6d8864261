package io.strata.api.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the checks side by side, each bounded by the timeout, so one hanging probe (a parent that
 * swallows packets) costs the report one line, not the whole command.
 */
final class CheckRunner {

    private static final Comparator<CheckOutcome> REPORT_ORDER = Comparator
            .comparing((CheckOutcome outcome) -> !outcome.group().equals(HealthCheck.CONFIGURATION))
            .thenComparing(CheckOutcome::group).thenComparing(CheckOutcome::id);

    private final Duration timeout;

    CheckRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /** The outcomes, configuration checks first, then by group and id. */
    List<CheckOutcome> run(List<HealthCheck> checks) {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, Math.min(checks.size(), 8)), runnable -> {
            Thread thread = new Thread(runnable, "strata-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<CheckResult>> futures = new ArrayList<>();
            for (HealthCheck check : checks) {
                futures.add(executor.submit(check::check));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            List<CheckOutcome> outcomes = new ArrayList<>();
            for (int index = 0; index < checks.size(); index++) {
                HealthCheck check = checks.get(index);
                outcomes.add(new CheckOutcome(check.group(), check.id(), check.description(),
                        resultOf(futures.get(index), deadline)));
            }
            outcomes.sort(REPORT_ORDER);
            return outcomes;
        } finally {
            executor.shutdownNow();
        }
    }

    private CheckResult resultOf(Future<CheckResult> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return CheckResult.error("no answer within " + timeout.toSeconds() + " s",
                    "run edge:check again with a longer --timeout, or look at the log for what it waits on");
        } catch (ExecutionException e) {
            return CheckResult.error("the check failed: " + e.getCause(), "report this: a check should not throw");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.error("interrupted", null);
        }
    }
}
