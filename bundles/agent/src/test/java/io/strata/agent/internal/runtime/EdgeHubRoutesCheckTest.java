package io.strata.agent.internal.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.agent.internal.manifest.DeploymentManifest;
import io.strata.agent.internal.manifest.ManifestException;
import io.strata.routing.internal.runtime.EdgeHubSettingsValidation;
import org.junit.Test;

/** A manifest's $edgeHub section, checked by the router's own reading of it. */
public class EdgeHubRoutesCheckTest {

    private final EdgeHubRoutesCheck check = new EdgeHubRoutesCheck(new EdgeHubSettingsValidation());

    private static DeploymentManifest manifest(String edgeHub) throws ManifestException {
        return DeploymentManifest.parse("""
                {"modulesContent": {
                  "$edgeAgent": {"properties.desired": {"schemaVersion": "1.1", "runtime": {"type": "karaf"},
                    "systemModules": {}, "modules": {}}},
                  "$edgeHub": {"properties.desired": %s}}}
                """.formatted(edgeHub));
    }

    @Test
    public void acceptsRoutesThatCompile() throws Exception {
        check.check(manifest("{\"schemaVersion\": \"1.1\", \"routes\": {\"up\": \"FROM /messages/* WHERE "
                + "as_number(level) > 2 INTO $upstream\"}}"));
    }

    @Test
    public void refusesWith400NamingTheRouteAndColumn() throws Exception {
        DeploymentManifest broken = manifest("{\"schemaVersion\": \"1.1\", \"routes\": {"
                + "\"up\": \"FROM /messages/* INTO $upstream\", "
                + "\"typed\": \"FROM /messages/* WHERE starts_with(12.34, 'hello') INTO $upstream\"}}");

        ManifestException refused = assertThrows(ManifestException.class, () -> check.check(broken));

        assertThat(refused.code(), is(400));
        assertThat(refused.getMessage(), containsString("route 'typed': Route 'FROM /messages/* WHERE "
                + "starts_with(12.34, 'hello') INTO $upstream' line 1:24: invalid arguments to starts_with(number, string)"));
    }

    @Test
    public void refusesAnUnknownSchemaVersionWith412() throws Exception {
        DeploymentManifest unknown = manifest("{\"schemaVersion\": \"9.9\", \"routes\": {}}");

        assertThat(assertThrows(ManifestException.class, () -> check.check(unknown)).code(), is(412));
    }
}
