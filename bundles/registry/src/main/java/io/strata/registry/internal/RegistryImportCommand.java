package io.strata.registry.internal;

import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** Loads artifacts into the registry without a remote, for air-gapped sites. */
@Command(scope = "edge", name = "registry-import", description = "Loads the artifacts of a KAR (its repository/ "
        + "folder) or of a Maven-layout folder into the registry")
@Service
public class RegistryImportCommand implements Action {

    @Reference
    Registry registry;

    @Argument(index = 0, name = "source", required = true, description = "A .kar file or a Maven-layout folder")
    @Completion(FileCompleter.class)
    String source;

    @Override
    public Object execute() throws Exception {
        ArtifactImport.Result result = registry.importFrom(Path.of(source).toAbsolutePath());
        System.out.printf("Imported %d file(s), %.1f MB, from %s%n", result.files(), result.bytes() / (1024.0 * 1024.0),
                source);
        result.refused().forEach(refused -> System.out.println("Left out " + refused));
        return null;
    }
}
