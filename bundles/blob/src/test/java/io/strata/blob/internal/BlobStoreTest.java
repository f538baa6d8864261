package io.strata.blob.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.strata.blob.internal.BlobStore.BlockList;
import io.strata.blob.internal.BlobStore.BlockReference;
import io.strata.blob.internal.BlobStore.BodyChecks;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The store's own rules: checks before anything is kept, the bound while a body streams, block lists. */
public class BlobStoreTest {

    private static final BlobHeaders NO_HEADERS = new BlobHeaders(null, null, null, null, null, Map.of());
    private static final BodyChecks NO_CHECKS = new BodyChecks(null, null);

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private BlobStore store;

    @Before
    public void createTheStore() throws Exception {
        store = new BlobStore(temporary.getRoot().toPath(), 1000, Clock.systemUTC());
        store.createContainer("box");
    }

    @Test
    public void aWrongCrc64Is400Crc64MismatchAndNothingIsKept() throws Exception {
        byte[] body = "123456789".getBytes(StandardCharsets.US_ASCII);
        Crc64 crc64 = new Crc64();
        crc64.update(body, 0, body.length);
        byte[] wrong = crc64.bytes().clone();
        wrong[0] ^= 1;

        BlobException refused = assertThrows(BlobException.class, () -> store.putBlob("box", "b",
                new ByteArrayInputStream(body), body.length, NO_HEADERS, null, new BodyChecks(null, wrong),
                Conditions.NONE));
        assertEquals(400, refused.status());
        assertEquals("Crc64Mismatch", refused.code());
        assertEquals(List.of(), store.blobs("box"));
        assertEquals(0, store.usedBytes());

        store.putBlob("box", "b", new ByteArrayInputStream(body), body.length, NO_HEADERS, null,
                new BodyChecks(null, crc64.bytes()), Conditions.NONE);
        assertEquals(9, store.blob("box", "b").length());
    }

    @Test
    public void aChunkedBodyThatGrowsPastTheBoundIs507AndNothingIsHalfWritten() throws Exception {
        BlobException refused = assertThrows(BlobException.class, () -> store.putBlob("box", "big",
                new ByteArrayInputStream(new byte[1001]), -1, NO_HEADERS, null, NO_CHECKS, Conditions.NONE));
        assertEquals(507, refused.status());
        assertEquals("InsufficientStorage", refused.code());
        assertEquals(0, store.usedBytes());
        try (Stream<?> left = Files.list(store.root().resolve("tmp"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    public void aBlockListCommitsTheNamedBlocksInOrderAndDiscardsTheRest() throws Exception {
        store.putBlock("box", "b", id("one"), body("hello "), 6, NO_CHECKS);
        store.putBlock("box", "b", id("two"), body("world"), 5, NO_CHECKS);
        store.putBlock("box", "b", id("unused"), body("never"), 5, NO_CHECKS);
        assertEquals("blocks are no blob before their list is committed", List.of(), store.blobs("box"));
        assertEquals(16, store.usedBytes());

        StoredBlob blob = store.putBlockList("box", "b", List.of(new BlockReference(id("one"), BlockList.LATEST),
                new BlockReference(id("two"), BlockList.UNCOMMITTED)), NO_HEADERS, null, Conditions.NONE);
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(blob.data()));
        assertEquals(11, store.usedBytes());

        // a later list may reuse committed blocks
        StoredBlob again = store.putBlockList("box", "b", List.of(new BlockReference(id("two"), BlockList.COMMITTED)),
                NO_HEADERS, null, Conditions.NONE);
        assertArrayEquals("world".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(again.data()));
        assertEquals(5, store.usedBytes());

        BlobException unknown = assertThrows(BlobException.class, () -> store.putBlockList("box", "b",
                List.of(new BlockReference(id("unused"), BlockList.LATEST)), NO_HEADERS, null, Conditions.NONE));
        assertEquals("InvalidBlockList", unknown.code());
    }

    @Test
    public void anUploadThatMustNotOverwriteIs409WhenTheBlobExists() throws Exception {
        store.putBlob("box", "b", body("x"), 1, NO_HEADERS, null, NO_CHECKS, Conditions.NONE);

        BlobException refused = assertThrows(BlobException.class, () -> store.putBlob("box", "b", body("y"), 1,
                NO_HEADERS, null, NO_CHECKS, new Conditions(null, "*")));
        assertEquals(409, refused.status());
        assertEquals("BlobAlreadyExists", refused.code());
        assertEquals(1, store.usedBytes());
    }

    @Test
    public void aRestartCountsWhatIsStoredAndClearsWhatAStopCutShort() throws Exception {
        store.putBlob("box", "kept", body("12345"), 5, NO_HEADERS, null, NO_CHECKS, Conditions.NONE);
        java.nio.file.Path cutShort = store.root().resolve("tmp/deleted-old-1/blobs");
        Files.createDirectories(cutShort);
        Files.write(cutShort.resolve("x.data"), new byte[100]);
        Files.write(store.root().resolve("tmp/upload-1.data"), new byte[100]);

        BlobStore restarted = new BlobStore(store.root(), 1000, Clock.systemUTC());
        assertEquals(5, restarted.usedBytes());
        assertEquals("12345", new String(Files.readAllBytes(restarted.blob("box", "kept").data()),
                StandardCharsets.US_ASCII));
        try (Stream<?> left = Files.list(store.root().resolve("tmp"))) {
            assertEquals(0, left.count());
        }
    }

    private static String id(String name) {
        return Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
