package io.strata.agent.internal.manifest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DeploymentManifestTest {

    private static final String SENSOR = "\"sensor\": {\"type\": \"karaf-feature\", \"version\": \"1.0\", \"status\": \"running\","
            + " \"restartPolicy\": \"on-failed\", \"startupOrder\": 2,"
            + " \"settings\": {\"repository\": \"mvn:io.strata/strata-features/1/xml/features\", \"feature\": \"sensor/1.2\","
            + " \"configurationPid\": \"io.example.sensor\"},"
            + " \"env\": {\"SendInterval\": {\"value\": 0.5}, \"MessageCount\": 10}}";
    private static final String FILTER = "\"filter\": {\"type\": \"bundle\", \"startupOrder\": 1,"
            + " \"settings\": {\"location\": \"mvn:io.example/filter/1.0\"}}";

    static String manifest(String modules) {
        return "{\"modulesContent\": {\"$edgeAgent\": {\"properties.desired\": {\"schemaVersion\": \"1.1\","
                + " \"runtime\": {\"type\": \"karaf\"}, \"systemModules\": {}, \"modules\": {" + modules + "}}},"
                + " \"$edgeHub\": {\"properties.desired\": {\"schemaVersion\": \"1.1\", \"routes\": {}}}}}";
    }

    @Test
    public void readsModulesInStartupOrderWithTheirSettingsAndEnv() throws ManifestException {
        DeploymentManifest manifest = DeploymentManifest.parse(manifest(SENSOR + "," + FILTER));

        List<ModuleSpec> modules = manifest.agent().modules();
        assertThat(modules.stream().map(ModuleSpec::name).toList(), contains("filter", "sensor"));
        ModuleSpec sensor = modules.get(1);
        assertThat(sensor.type(), is(ModuleType.KARAF_FEATURE));
        assertThat(sensor.featureName(), is("sensor"));
        assertThat(sensor.featureVersion(), is("1.2"));
        assertThat(sensor.restartPolicy(), is(RestartPolicy.ON_FAILURE));
        assertThat(sensor.env(), equalTo(Map.of("SendInterval", "0.5", "MessageCount", "10")));
        ModuleSpec filter = modules.get(0);
        assertThat(filter.location(), is("mvn:io.example/filter/1.0"));
        assertThat(filter.restartPolicy(), is(RestartPolicy.ALWAYS));
        assertThat(filter.running(), is(true));
        assertThat(filter.configurationPid(), nullValue());
        assertThat(manifest.twins().keySet(), contains("$edgeAgent", "$edgeHub"));
    }

    @Test
    public void aFeatureWithoutRepositoryComesFromTheRepositoriesTheNodeKnows() throws ManifestException {
        String noRepository = SENSOR.replace("\"repository\": \"mvn:io.strata/strata-features/1/xml/features\", ", "");
        assertThat(DeploymentManifest.parse(manifest(noRepository)).agent().modules().get(0).repository(), nullValue());
    }

    @Test
    public void aRepositoryOrLocationUnderUpstreamIsResolvedAsItsMavenUrl() throws ManifestException {
        String sensor = SENSOR.replace("mvn:io.strata/strata-features/1/xml/features",
                "https://$upstream:443/maven/io/example/sensor-features/1.2/sensor-features-1.2-features.xml");
        String filter = FILTER.replace("mvn:io.example/filter/1.0",
                "https://$upstream:443/maven/io/example/filter/1.0/filter-1.0.jar");

        List<ModuleSpec> modules = DeploymentManifest.parse(manifest(sensor + "," + filter)).agent().modules();

        assertThat(modules.get(1).repository(), is("mvn:io.example/sensor-features/1.2/xml/features"));
        assertThat(modules.get(0).location(), is("mvn:io.example/filter/1.0"));
    }

    @Test
    public void anUpstreamUrlThatIsNotAMavenArtifactRefusesTheManifestNamingTheModuleAndTheValue() {
        String bad = "https://$upstream:443/blob/sensor.xml";
        assertRefused(manifest(SENSOR.replace("mvn:io.strata/strata-features/1/xml/features", bad)),
                "modules.sensor.settings.repository = " + bad);
    }

    @Test
    public void acceptsTheOlderModuleContentAndTheContentWrapper() throws ManifestException {
        String older = manifest(FILTER).replace("modulesContent", "moduleContent");
        assertThat(DeploymentManifest.parse(older).agent().modules().size(), is(1));
        assertThat(DeploymentManifest.parse("{\"content\": " + manifest(FILTER) + "}").agent().modules().size(), is(1));
    }

    @Test
    public void refusesWhatIsNotJsonNamingWhere() {
        ManifestException e = assertThrows(ManifestException.class, () -> DeploymentManifest.parse("{\"modulesContent\": {,}}"));
        assertThat(e.code(), is(400));
        assertThat(e.getMessage(), containsString("line 1, column 21"));
    }

    @Test
    public void anEmptyManifestIs417() {
        assertThat(code(""), is(417));
        assertThat(code("{\"modulesContent\": {}}"), is(417));
        assertThat(code("{\"modulesContent\": {\"$edgeAgent\": {\"properties.desired\": {}}}}"), is(417));
    }

    @Test
    public void anUnknownSchemaVersionIs412() {
        assertThat(code(manifest(FILTER).replace("\"1.1\", \"runtime\"", "\"2.0\", \"runtime\"")), is(412));
    }

    @Test
    public void schemaProblemsAre400AndNameTheField() {
        assertRefused(manifest(FILTER.replace("\"bundle\"", "\"docker\"")), "modules.filter.type");
        assertRefused(manifest(SENSOR.replace("\"feature\": \"sensor/1.2\",", "")), "modules.sensor.settings.feature is missing");
        assertRefused(manifest(FILTER.replace("mvn:io.example/filter/1.0", "filter.jar")), "modules.filter.settings.location");
        assertRefused(manifest(FILTER.replace("\"startupOrder\": 1", "\"startupOrder\": -1")), "modules.filter.startupOrder");
        assertRefused(manifest(FILTER.replace("\"type\": \"bundle\"", "\"type\": \"bundle\", \"status\": \"paused\"")),
                "modules.filter.status");
        assertRefused(manifest(SENSOR.replace("\"on-failed\"", "\"sometimes\"")), "modules.sensor.restartPolicy");
        assertRefused(manifest(FILTER).replace("\"karaf\"", "\"docker\""), "runtime.type");
        assertRefused(manifest(FILTER).replace("\"modules\": {", "\"modules\": {\"$bad\": {}, "), "modules.$bad");
        assertRefused(manifest(FILTER).replace("\"$edgeHub\"", "\"other\": {\"properties.desired\": {}}, \"$edgeHub\""),
                "modulesContent.other");
    }

    private static void assertRefused(String manifest, String field) {
        ManifestException e = assertThrows(ManifestException.class, () -> DeploymentManifest.parse(manifest));
        assertThat(e.getMessage(), e.code(), is(400));
        assertThat(e.getMessage(), containsString(field));
    }

    private static int code(String manifest) {
        return assertThrows(ManifestException.class, () -> DeploymentManifest.parse(manifest)).code();
    }
}
