package io.strata.shell.internal.agent;

import io.strata.api.agent.EdgeAgent;
import io.strata.api.agent.ModuleStatus;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The deployed modules with their runtime status. */
@Command(scope = "edge", name = "modules", description = "Lists the deployed modules: type, status, version, restarts, since when")
@Service
public class ModulesCommand extends AgentCommand {

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    @Override
    void run(EdgeAgent agent) {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Type");
        table.column("Status");
        table.column("Version");
        table.column("Restarts");
        table.column("Since");
        table.column("Description");
        for (ModuleStatus module : agent.modules()) {
            Object since = module.runtimeStatus().equals("running") ? module.startTime() : module.lastExitTime();
            table.addRow().addContent(module.name(), module.type(), module.runtimeStatus(), module.version(),
                    module.restartCount(), since == null ? "" : since, module.description());
        }
        table.print(System.out, !noFormat);
    }
}
