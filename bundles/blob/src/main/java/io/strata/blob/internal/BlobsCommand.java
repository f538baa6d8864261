package io.strata.blob.internal;

import java.io.IOException;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** Lists the blob storage's containers with their blob count and bytes, or the blobs of one container. */
@Command(scope = "edge", name = "blobs", description = "Lists the blob storage's containers with their blob count "
        + "and bytes, or with a container's name its blobs")
@Service
public class BlobsCommand implements Action {

    @Reference
    BlobStorage storage;

    @Argument(name = "container", description = "The container whose blobs to list")
    String container;

    @Override
    public Object execute() throws IOException, BlobException {
        BlobStore store = storage.store();
        ShellTable table = new ShellTable();
        if (container == null) {
            table.column("Container");
            table.column("Blobs").alignRight();
            table.column("Bytes").alignRight();
            table.column("Last modified");
            List<BlobStore.Container> containers = store.containers();
            containers.forEach(each -> table.addRow().addContent(each.name(), each.blobs(), each.bytes(),
                    each.lastModified()));
            table.print(System.out);
            System.out.printf("%d containers, %.1f of %.1f MB used, in %s%n", containers.size(),
                    store.usedBytes() / (1024.0 * 1024.0), store.maxBytes() / (1024.0 * 1024.0), store.root());
        } else {
            table.column("Blob");
            table.column("Bytes").alignRight();
            table.column("Content type");
            table.column("Content-MD5");
            table.column("Last modified");
            List<StoredBlob> blobs = store.blobs(container);
            blobs.forEach(blob -> table.addRow().addContent(blob.name(), blob.length(), blob.headers().contentType(),
                    blob.contentMd5() == null ? "" : blob.contentMd5(), blob.lastModified()));
            table.print(System.out);
            System.out.printf("%d blobs, %d bytes in %s%n", blobs.size(),
                    blobs.stream().mapToLong(StoredBlob::length).sum(), container);
        }
        return null;
    }
}
