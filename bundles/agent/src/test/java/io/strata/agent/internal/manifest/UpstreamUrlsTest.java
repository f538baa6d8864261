package io.strata.agent.internal.manifest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class UpstreamUrlsTest {

    @Test
    public void anUpstreamArtifactPathBecomesItsMavenUrl() throws ManifestException {
        assertThat(UpstreamUrls.toMaven("f", "https://$upstream:443/maven/io/example/widget-features/1.0/"
                + "widget-features-1.0-features.xml"), is("mvn:io.example/widget-features/1.0/xml/features"));
        assertThat(UpstreamUrls.toMaven("f", "https://$upstream:443/maven/io/example/widget/1.0/widget-1.0.jar"),
                is("mvn:io.example/widget/1.0"));
        assertThat(UpstreamUrls.toMaven("f", "https://$upstream/maven/org/acme/kit/2.1-SNAPSHOT/kit-2.1-SNAPSHOT.kar"),
                is("mvn:org.acme/kit/2.1-SNAPSHOT/kar"));
        assertThat(UpstreamUrls.toMaven("f", "https://$upstream:443/maven/a/b/c/1.0/c-1.0-tests.jar"),
                is("mvn:a.b/c/1.0/jar/tests"));
    }

    @Test
    public void onlyUpstreamUrlsAreConverted() {
        assertThat(UpstreamUrls.isUpstream("https://$upstream:443/maven/a/b/1/b-1.jar"), is(true));
        assertThat(UpstreamUrls.isUpstream("HTTPS://$UPSTREAM:443/maven/a/b/1/b-1.jar"), is(true));
        assertThat(UpstreamUrls.isUpstream("mvn:a/b/1"), is(false));
        assertThat(UpstreamUrls.isUpstream("https://repo.example/maven/a/b/1/b-1.jar"), is(false));
    }

    @Test
    public void anUpstreamUrlThatIsNotAMavenArtifactPathIsRefusedNamingTheFieldAndTheValue() {
        for (String bad : new String[] {"https://$upstream:443/blob/a/b/1/b-1.jar", "https://$upstream:443",
                "https://$upstream:443/maven/b/1/b-1.jar", "https://$upstream:443/maven/a/b/1/other-1.jar",
                "https://$upstream:443/maven/a/../1/b-1.jar", "https://$upstream:443/maven/a/b/1/b-1",
                "https://$upstream:443/maven/a/b/1/b-1.jar?x=1", "https://$upstream:443/maven/a/b/1/b-1-.jar"}) {
            ManifestException refused = assertThrows(bad, ManifestException.class,
                    () -> UpstreamUrls.toMaven("modules.widget.settings.repository", bad));
            assertThat(refused.code(), is(ManifestException.INVALID));
            assertThat(refused.getMessage(), containsString("modules.widget.settings.repository = " + bad + ": "));
        }
    }
}
