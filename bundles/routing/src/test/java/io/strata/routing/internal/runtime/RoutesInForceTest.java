package io.strata.routing.internal.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The routes a restarted router starts from. */
public class RoutesInForceTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void restoresTheDesiredPropertiesLastPutInForce() throws Exception {
        RoutesInForce saved = new RoutesInForce(folder.getRoot().toPath().resolve("in-force.json"));
        saved.save("{\"schemaVersion\": \"1.1\", \"routes\": {\"up\": \"FROM /messages/* INTO $upstream\"}}");
        saved.save("{\"schemaVersion\": \"1.1\", \"routes\": {\"up\": \"FROM /messages/* INTO $upstream\", "
                + "\"hot\": \"FROM /messages/* WHERE $body.t > 30 INTO $upstream\"}}");

        EdgeHubSettings restored = new RoutesInForce(folder.getRoot().toPath().resolve("in-force.json")).load()
                .orElseThrow();

        assertThat(restored.routes().keySet().toString(), is("[hot, up]"));
        assertThat(Files.list(folder.getRoot().toPath()).count(), is(1L));
    }

    @Test
    public void startsWithoutRoutesWhenThereAreNoneOrTheyCannotBeRead() throws Exception {
        Path file = folder.getRoot().toPath().resolve("in-force.json");

        assertThat(new RoutesInForce(file).load(), is(Optional.empty()));
        Files.writeString(file, "{\"schemaVersion\": \"1.1\", \"routes\": {\"bad\": \"FROM /* WHERE none or true INTO $upstream\"}}");
        assertThat(new RoutesInForce(file).load(), is(Optional.empty()));
    }
}
