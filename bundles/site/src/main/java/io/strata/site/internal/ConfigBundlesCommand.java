package io.strata.site.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * {@code edge:config-bundles}, as {@code az iot edge devices create} with a config file: one YAML file
 * describing the site becomes its PKI, identities and deployments here, and one archive per node.
 */
@Command(scope = "edge", name = "config-bundles", description = "Builds a site from one YAML file: creates or "
        + "reuses the root CA and a device CA per node, registers every node, leaf device and module identity here, "
        + "sets each node's deployment and writes <out-dir>/<node>.tar.gz for each node, to unpack and apply with "
        + "its install.sh")
@Service
public class ConfigBundlesCommand implements Action {

    @Reference
    ConfigBundles configBundles;

    @Reference
    Session session;

    @Option(name = "--root-password", description = "Password of the site's root CA key: encrypts a new one, opens "
            + "the one in the PKI folder; asked for when missing", censor = true)
    String rootPassword;

    @Argument(index = 0, name = "site", required = true, description = "The site's YAML file")
    @Completion(FileCompleter.class)
    String site;

    @Argument(index = 1, name = "out-dir", required = true, description = "The folder to write the archives into")
    @Completion(FileCompleter.class)
    String outDir;

    @Override
    public Object execute() throws Exception {
        char[] password = (rootPassword != null ? rootPassword : askPassword()).toCharArray();
        configBundles.build(resolve(site), resolve(outDir), password, System.out::println);
        return null;
    }

    /** A path as typed, relative to the shell's current directory. */
    private Path resolve(String path) {
        return session.currentDir().resolve(path);
    }

    private String askPassword() throws IOException {
        String password = session.readLine("Password of the site's root CA key: ", '*');
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("A root CA password is required: private keys are only stored encrypted");
        }
        return password;
    }
}
