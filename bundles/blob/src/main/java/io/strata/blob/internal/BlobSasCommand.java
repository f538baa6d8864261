package io.strata.blob.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Prints a container SAS URL of this node's blob storage for an operator to hand out, e.g. as the
 * {@code sasUrl} of the agent's upload methods; the container is created when it does not exist, since
 * a container SAS cannot create it.
 */
@Command(scope = "edge", name = "blob-sas", description = "Prints a container SAS URL of the blob storage (the "
        + "container is created when missing), e.g. for the sasUrl of UploadModuleLogs and UploadSupportBundle")
@Service
public class BlobSasCommand implements Action {

    @Reference
    BlobStorage storage;

    @Argument(name = "container", required = true, description = "The container the SAS reaches")
    String container;

    @Option(name = "--hours", description = "How long the SAS is valid, in hours (default 24)")
    int hours = 24;

    @Option(name = "--permissions", description = "What the SAS grants, Azure's letters: r read, l list, c create, "
            + "w write, d delete (default cw: upload only)")
    String permissions = "cw";

    @Option(name = "--host", description = "host:port of the URL (default $upstream:443, which every node below "
            + "reaches through its parents' proxies)")
    String host = "$upstream:443";

    @Override
    public Object execute() throws IOException, BlobException {
        if (hours < 1) {
            throw new IllegalArgumentException("--hours must be 1 or more, not " + hours);
        }
        if (!permissions.matches("[rlcwd]+")) {
            throw new IllegalArgumentException("--permissions takes the letters r, l, c, w and d, not '" + permissions
                    + "'");
        }
        // in the order Azure requires of sp
        String granted = "rcwdl".chars().filter(letter -> permissions.indexOf(letter) >= 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        BlobStore store = storage.store();
        ServiceSas sas = storage.serviceSas();
        if (store.containers().stream().noneMatch(each -> each.name().equals(container))) {
            store.createContainer(container);
        }
        System.out.println("https://" + host + BlobRoute.prefixOf(sas.account()) + "/" + container + "?"
                + sas.containerSas(container, granted, Instant.now().plus(Duration.ofHours(hours))));
        return null;
    }
}
