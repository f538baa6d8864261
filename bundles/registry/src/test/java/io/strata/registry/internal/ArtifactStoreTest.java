package io.strata.registry.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ArtifactStoreTest {

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void theLeastRecentlyUsedFilesLeaveWhenTheBoundIsPassed() throws IOException {
        Path directory = temporary.getRoot().toPath();
        ArtifactStore store = new ArtifactStore(directory, 300);
        store.put("a/1.jar", bytes(100));
        store.put("b/2.jar", bytes(100));
        store.put("c/3.jar", bytes(100));
        store.lookUp("a/1.jar");

        store.put("d/4.jar", bytes(100));

        assertEquals(Set.of("a/1.jar", "c/3.jar", "d/4.jar"), store.files().keySet());
        assertEquals(300, store.totalBytes());
        assertFalse(Files.exists(directory.resolve("repository/b/2.jar")));
    }

    @Test
    public void aFileLargerThanTheBoundPushesOutEverythingElse() throws IOException {
        ArtifactStore store = new ArtifactStore(temporary.getRoot().toPath(), 300);
        store.put("a/1.jar", bytes(100));

        store.put("big/2.jar", bytes(400));

        assertEquals(Set.of("big/2.jar"), store.files().keySet());
    }

    @Test
    public void theCacheAndItsOrderOfUseOutliveARestart() throws IOException, InterruptedException {
        Path directory = temporary.getRoot().toPath();
        ArtifactStore before = new ArtifactStore(directory, 300);
        before.put("a/1.jar", bytes(100));
        before.put("b/2.jar", bytes(100));
        before.put("c/3.jar", bytes(100));
        Files.setLastModifiedTime(directory.resolve("repository/a/1.jar"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        ArtifactStore after = new ArtifactStore(directory, 300);
        after.put("d/4.jar", bytes(100));

        assertEquals(Set.of("a/1.jar", "c/3.jar", "d/4.jar"), after.files().keySet());
        assertTrue(after.lookUp("a/1.jar").isPresent());
    }

    @Test
    public void aRestartShrinksToASmallerBoundAndClearsHalfWrittenFiles() throws IOException {
        Path directory = temporary.getRoot().toPath();
        ArtifactStore before = new ArtifactStore(directory, 300);
        before.put("a/1.jar", bytes(100));
        before.put("b/2.jar", bytes(100));
        Path halfWritten = before.newTemporaryFile();

        ArtifactStore after = new ArtifactStore(directory, 150);

        assertEquals(1, after.files().size());
        assertFalse(Files.exists(halfWritten));
    }

    @Test
    public void aFileDeletedBehindItsBackIsAMiss() throws IOException {
        Path directory = temporary.getRoot().toPath();
        ArtifactStore store = new ArtifactStore(directory, 300);
        store.put("a/1.jar", bytes(100));
        Files.delete(directory.resolve("repository/a/1.jar"));

        assertFalse(store.lookUp("a/1.jar").isPresent());
        assertEquals(0, store.totalBytes());
    }

    private static ByteArrayInputStream bytes(int length) {
        return new ByteArrayInputStream(new byte[length]);
    }
}
