package io.strata.agent.internal.runtime;

import static io.strata.agent.internal.runtime.Modules.module;
import static io.strata.agent.internal.runtime.Modules.withPolicy;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.strata.agent.internal.manifest.ModuleSpec;
import io.strata.agent.internal.manifest.RestartPolicy;
import io.strata.api.agent.ModuleStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class SupervisorTest {

    private static final Observation FAILED = new Observation(Observation.Health.FAILED, "component x failed to activate: boom");
    private static final Observation UNHEALTHY = new Observation(Observation.Health.UNHEALTHY, "component x waits for reference y");

    private final RecordingRuntime runtime = new RecordingRuntime();
    private final Supervisor supervisor = new Supervisor(runtime);
    private Instant now = Instant.parse("2026-11-24T10:00:00Z");

    private void deploy(ModuleSpec module) {
        supervisor.deployed(List.of(module), Set.of(module.name()), now);
    }

    private ModuleStatus after(long millis) {
        now = now.plusMillis(millis);
        supervisor.check(now);
        return supervisor.statuses().get(0);
    }

    @Test
    public void aFailedModuleIsRestartedWithDoublingBackOffAndCounted() {
        deploy(module("a", "1", 1));
        runtime.health.put("a", FAILED);

        ModuleStatus status = after(0);
        assertThat(status.runtimeStatus(), is("backoff"));
        assertThat(status.description(), is(FAILED.description()));
        assertThat(status.lastExitTime(), is(now));
        assertThat(after(500).restartCount(), is(0));
        assertThat(after(500).restartCount(), is(1));
        assertThat(runtime.calls, contains("restart a"));
        assertThat(after(0).runtimeStatus(), is("backoff"));
        assertThat(after(1999).restartCount(), is(1));
        status = after(1);
        assertThat(status.restartCount(), is(2));
        assertThat(status.lastRestartTime(), is(now));
    }

    @Test
    public void theBackOffStopsGrowingAtAMinuteAndResetsAfterAMinuteRunning() {
        deploy(module("a", "1", 1));
        runtime.health.put("a", FAILED);
        for (int i = 0; i < 20; i++) {
            after(0);
            after(Supervisor.RESTART_BACKOFF.max().toMillis());
        }
        assertThat(after(0).restartCount(), is(20));
        runtime.health.remove("a");
        assertThat(after(Supervisor.RESTART_BACKOFF.max().toMillis() - 1).restartCount(), is(20));
        assertThat(after(1).restartCount(), is(21));
        assertThat(after(0).runtimeStatus(), is("running"));
        after(Duration.ofMinutes(2).toMillis());
        runtime.health.put("a", FAILED);
        after(0);
        assertThat(after(Supervisor.RESTART_BACKOFF.first().toMillis()).restartCount(), is(22));
    }

    @Test
    public void aModuleWhoseBundlesTheStartingNodeHasYetToStartIsNeitherRestartedNorCounted() {
        deploy(module("a", "1", 1));
        runtime.health.put("a", new Observation(Observation.Health.STARTING,
                "bundle a starts at start level 80, the node is at 30"));

        assertThat(after(0).restartCount(), is(0));
        assertThat(after(120_000).restartCount(), is(0));
        assertThat(runtime.calls, empty());
        runtime.health.remove("a");
        assertThat(after(0).runtimeStatus(), is("running"));
        assertThat(after(0).restartCount(), is(0));
    }

    @Test
    public void neverMeansAFailedModuleStaysFailed() {
        deploy(withPolicy(module("a", "1", 1), RestartPolicy.NEVER));
        runtime.health.put("a", FAILED);

        assertThat(after(0).runtimeStatus(), is("failed"));
        assertThat(after(120_000).runtimeStatus(), is("failed"));
        assertThat(runtime.calls, empty());
    }

    @Test
    public void anUnhealthyModuleIsRestartedOnlyByOnUnhealthyOrAlwaysAndAfterTheGracePeriod() {
        deploy(withPolicy(module("a", "1", 1), RestartPolicy.ON_FAILURE));
        runtime.health.put("a", UNHEALTHY);
        assertThat(after(0).runtimeStatus(), is("unhealthy"));
        assertThat(after(60_000).runtimeStatus(), is("unhealthy"));
        assertThat(runtime.calls, empty());

        deploy(withPolicy(module("a", "1", 1), RestartPolicy.ON_UNHEALTHY));
        assertThat(after(0).runtimeStatus(), is("unhealthy"));
        assertThat(after(Supervisor.UNHEALTHY_GRACE.toMillis() - 1).runtimeStatus(), is("unhealthy"));
        assertThat(after(1).runtimeStatus(), is("backoff"));
        assertThat(after(Supervisor.RESTART_BACKOFF.first().toMillis()).restartCount(), is(1));
    }

    @Test
    public void aStoppedModuleIsStoppedAndAManualRestartIsNotCounted() {
        deploy(module("a", "1", 1));
        runtime.health.put("a", Observation.of(Observation.Health.STOPPED));
        assertThat(after(0).runtimeStatus(), is("stopped"));
        runtime.health.remove("a");

        ModuleStatus status = supervisor.restartNow("a", now);

        assertThat(status.runtimeStatus(), is("running"));
        assertThat(status.restartCount(), is(0));
        assertThat(status.lastRestartTime(), is(now));
    }

    @Test
    public void aModuleTheDeploymentDidNotTouchKeepsItsHistory() {
        ModuleSpec a = module("a", "1", 1);
        deploy(a);
        runtime.health.put("a", FAILED);
        after(0);
        after(1000);
        supervisor.deployed(List.of(a), Set.of(), now);

        assertThat(supervisor.statuses().get(0).restartCount(), is(1));
    }
}
