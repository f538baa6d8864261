package io.strata.agent.internal.runtime;

import static io.strata.agent.internal.runtime.Modules.module;
import static io.strata.agent.internal.runtime.Modules.withEnv;
import static io.strata.agent.internal.runtime.Modules.withRunning;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.agent.internal.manifest.ModuleSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class ReconcilerTest {

    private final RecordingRuntime runtime = new RecordingRuntime();
    private final Reconciler reconciler = new Reconciler(runtime);
    private final ModuleSpec a = module("a", "1", 1);
    private final ModuleSpec b = module("b", "1", 2);
    private final ModuleSpec c = module("c", "1", 3);

    @Test
    public void installsInStartupOrder() throws ModuleException {
        Reconciler.Result result = reconciler.apply(List.of(), List.of(a, b));

        assertThat(runtime.calls, contains("install a 1", "install b 1"));
        assertThat(result.restarted(), is(Set.of("a", "b")));
    }

    @Test
    public void theSameModulesTwiceChangeNothing() throws ModuleException {
        Reconciler.Result result = reconciler.apply(List.of(a, b), List.of(a, b));

        assertThat(runtime.calls, empty());
        assertThat(result.changes(), empty());
    }

    @Test
    public void touchesOnlyWhatChanged() throws ModuleException {
        ModuleSpec newB = module("b", "2", 2);
        ModuleSpec newC = withEnv(c, Map.of("K", "v"));

        Reconciler.Result result = reconciler.apply(List.of(a, b, c), List.of(newB, newC, module("d", "1", 4)));

        assertThat(runtime.calls, contains("uninstall a 1", "uninstall b 1", "install b 2", "configure c {K=v}",
                "install d 1"));
        assertThat(result.restarted(), is(Set.of("a", "b", "d")));
    }

    @Test
    public void startsAndStopsOnAStatusChange() throws ModuleException {
        reconciler.apply(List.of(a, b), List.of(withRunning(a, false), b));
        reconciler.apply(List.of(withRunning(a, false)), List.of(a));

        assertThat(runtime.calls, contains("stop a", "start a"));
    }

    @Test
    public void aFailedStepUndoesEverythingDoneBeforeIt() {
        runtime.failInstallOf = "d";
        ModuleSpec newB = module("b", "2", 2);

        ModuleException e = assertThrows(ModuleException.class,
                () -> reconciler.apply(List.of(a, b), List.of(newB, module("d", "1", 4))));

        assertThat(e.getMessage(), containsString("Module d"));
        assertThat(runtime.calls, contains("uninstall a 1", "uninstall b 1", "install b 2",
                // undone in reverse
                "uninstall b 2", "install b 1", "install a 1"));
    }
}
