package io.strata.registry.internal;

import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** Lists what the artifact registry caches, how full it is and how often it had what was asked. */
@Command(scope = "edge", name = "registry", description = "Lists the artifacts the registry caches, its size, "
        + "bound, remotes and hit rate")
@Service
public class RegistryListCommand implements Action {

    @Reference
    Registry registry;

    @Override
    public Object execute() {
        RegistryStatus status = registry.status();
        ShellTable table = new ShellTable();
        table.column("Path");
        table.column("Bytes").alignRight();
        for (Map.Entry<String, Long> file : status.files().entrySet()) {
            if (!RemoteFetch.isChecksum(file.getKey())) {
                table.addRow().addContent(file.getKey(), file.getValue());
            }
        }
        table.print(System.out);
        ArtifactRegistry.Statistics statistics = status.statistics();
        System.out.printf("%d files, %s of %s used, in %s%n", status.files().size(),
                megabytes(status.totalBytes()), megabytes(status.maxBytes()), status.directory());
        System.out.printf("Hits %d, misses %d, hit rate %.1f %%%n", statistics.hits(), statistics.misses(),
                100 * statistics.hitRate());
        System.out.println("Remotes: " + (status.remotes().isEmpty() ? "none" : status.remotes()));
        return null;
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
