package io.strata.registry.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class RemoteTest {

    @Test
    public void remotesTakeTheirCredentialsByPosition() {
        List<Remote> remotes = Remote.of("https://repo.example/maven2, http://mirror.example/m2/", " ,reader", ",s3cret");

        assertEquals(List.of(new Remote(URI.create("https://repo.example/maven2/"), Optional.empty(), ""),
                new Remote(URI.create("http://mirror.example/m2/"), Optional.of("reader"), "s3cret")), remotes);
        assertEquals(URI.create("https://repo.example/maven2/org/x/1/x-1.jar"), remotes.get(0).resolve("org/x/1/x-1.jar"));
        assertThat(remotes.get(1).toString(), containsString("as reader"));
    }

    @Test
    public void badValuesAreRefusedNamingKeyAndValue() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> Remote.of("ftp://repo.example/", "", ""))
                .getMessage(), containsString("remoteUrls = ftp://repo.example/: not an absolute http or https URL"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> Remote.of("repo.example/m2", "", ""))
                .getMessage(), containsString("remoteUrls = repo.example/m2"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> Remote.of("https://a.example/", "x,y", ""))
                .getMessage(), containsString("remoteUsernames = x,y: more names than remoteUrls"));
    }
}
