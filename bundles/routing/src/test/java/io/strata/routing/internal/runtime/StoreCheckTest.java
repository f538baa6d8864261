package io.strata.routing.internal.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strata.api.check.CheckResult;
import io.strata.api.check.CheckResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class StoreCheckTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aWritableStoreWithRoomForItsBoundIsOkAndSaysWhatItHolds() throws Exception {
        Path directory = folder.newFolder("routing").toPath();
        Files.write(directory.resolve("segment"), new byte[2 * 1024 * 1024]);
        CheckResult result = new StoreCheck(() -> Optional.of(new StoreCheck.Store(directory, 8L * 1024 * 1024))).check();
        assertEquals(result.detail(), Status.OK, result.status());
        assertTrue(result.detail(), result.detail().contains("holds 2.0 MB of at most 8.0 MB"));
        try (var left = Files.list(directory)) {
            assertEquals("the probe file is gone", 1, left.count());
        }
    }

    @Test
    public void aBoundLargerThanTheDiskWarns() throws Exception {
        Path directory = folder.newFolder("routing").toPath();
        long beyondTheDisk = Files.getFileStore(directory).getTotalSpace() * 2;
        CheckResult result = new StoreCheck(() -> Optional.of(new StoreCheck.Store(directory, beyondTheDisk))).check();
        assertEquals(Status.WARNING, result.status());
        assertTrue(result.fix(), result.fix().contains("maxStoreBytes"));
    }

    @Test
    public void aFolderThatCannotBeWrittenIsAnError() throws Exception {
        Path missing = folder.getRoot().toPath().resolve("not-there");
        CheckResult result = new StoreCheck(() -> Optional.of(new StoreCheck.Store(missing, 1024))).check();
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail(), result.detail().startsWith(missing + " cannot be written"));
    }

    @Test
    public void aRouterThatIsNotRunningIsAnError() {
        assertEquals(Status.ERROR, new StoreCheck(Optional::empty).check().status());
    }
}
