package io.strata.registry.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ArtifactImportTest {

    private static final String JAR = "org/example/widget/1.0/widget-1.0.jar";
    private static final String FEATURES = "org/example/widget-features/1.0/widget-features-1.0-features.xml";

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void aKarLoadsItsRepositoryFolderWithChecksums() throws IOException {
        Path kar = temporary.getRoot().toPath().resolve("widget-1.0.kar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(kar))) {
            entry(zip, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
            entry(zip, "repository/" + JAR, "the widget bundle");
            entry(zip, "repository/" + FEATURES, "<features/>");
            entry(zip, "resources/etc/widget.cfg", "not an artifact");
        }
        ArtifactStore store = store();

        ArtifactImport.Result result = ArtifactImport.load(store, kar);

        assertEquals(2, result.files());
        assertEquals("the widget bundle".length() + "<features/>".length(), result.bytes());
        assertEquals(Set.of(JAR, JAR + ".sha1", FEATURES, FEATURES + ".sha1"), store.files().keySet());
        assertEquals(sha1("the widget bundle") + "\n",
                Files.readString(store.repository().resolve(JAR + ".sha1")));
    }

    @Test
    public void aMavenFolderLoadsWithoutTheLocalRepositorysBookKeeping() throws IOException {
        Path folder = temporary.newFolder("m2").toPath();
        write(folder.resolve(JAR), "the widget bundle");
        write(folder.resolve(JAR + ".sha1"), sha1("the widget bundle"));
        write(folder.resolve("org/example/widget/1.0/_remote.repositories"), "central");
        write(folder.resolve("org/example/widget/maven-metadata-local.xml"), "<metadata/>");
        ArtifactStore store = store();

        ArtifactImport.Result result = ArtifactImport.load(store, folder);

        assertEquals(2, result.files());
        assertEquals(Set.of(JAR, JAR + ".sha1"), store.files().keySet());
    }

    @Test
    public void anArtifactWhoseChecksumDoesNotMatchIsLeftOut() throws IOException {
        Path folder = temporary.newFolder("damaged").toPath();
        write(folder.resolve(JAR), "the widget bundle, damaged on the USB stick");
        write(folder.resolve(JAR + ".sha1"), sha1("the widget bundle") + "  widget-1.0.jar");
        write(folder.resolve(FEATURES), "<features/>");
        ArtifactStore store = store();

        ArtifactImport.Result result = ArtifactImport.load(store, folder);

        assertEquals(1, result.files());
        assertEquals(Set.of(FEATURES, FEATURES + ".sha1"), store.files().keySet());
        assertEquals(1, result.refused().size());
        assertThat(result.refused().get(0), containsString(JAR + ": its .sha1 says " + sha1("the widget bundle")));
    }

    @Test
    public void aSourceWithoutArtifactsIsRefused() throws IOException {
        Path kar = temporary.getRoot().toPath().resolve("empty.kar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(kar))) {
            entry(zip, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
        }

        IOException refused = assertThrows(IOException.class, () -> ArtifactImport.load(store(), kar));
        assertThat(refused.getMessage(), containsString("holds no artifact in Maven layout"));
        IOException absent = assertThrows(IOException.class,
                () -> ArtifactImport.load(store(), temporary.getRoot().toPath().resolve("nothing")));
        assertThat(absent.getMessage(), containsString("is neither a KAR nor a folder"));
    }

    private ArtifactStore store() throws IOException {
        return new ArtifactStore(temporary.getRoot().toPath().resolve("cache"), 1024 * 1024);
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String sha1(String content) {
        Digests digests = new Digests();
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        digests.update(bytes, 0, bytes.length);
        return digests.sha1();
    }
}
