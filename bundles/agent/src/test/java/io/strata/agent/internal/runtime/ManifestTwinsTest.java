package io.strata.agent.internal.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.strata.api.agent.DeploymentStatus;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.routing.internal.runtime.EdgeHubSettingsValidation;
import io.strata.testing.MemoryTwinService;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class ManifestTwinsTest {

    private static final String MANIFEST = """
            {"modulesContent": {
              "$edgeAgent": {"properties.desired": {"schemaVersion": "1.1", "runtime": {"type": "karaf"},
                "systemModules": {}, "modules": {"filter": {"type": "bundle",
                  "settings": {"location": "mvn:io.example/filter/1.0"}}}}},
              "$edgeHub": {"properties.desired": {"schemaVersion": "1.1",
                "routes": {"up": "FROM /messages/* INTO $upstream"}}},
              "filter": {"properties.desired": {"threshold": 30}}}}
            """;
    private static final IdentityId AGENT = IdentityId.module("line-2", "$edgeAgent");
    private static final IdentityId HUB = IdentityId.module("line-2", "$edgeHub");
    private static final IdentityId FILTER = IdentityId.module("line-2", "filter");

    private final MemoryTwinService twins = new MemoryTwinService();
    private final Map<IdentityId, Identity> registry = Map.of(
            IdentityId.device("line-2"), Identity.device("line-2", true, Credentials.generateSymmetricKeys()),
            IdentityId.device("sensor-1"), Identity.device("sensor-1", false, Credentials.generateSymmetricKeys()));
    private final ManifestTwins deliveries = new ManifestTwins(twins, id -> Optional.ofNullable(registry.get(id)),
            new EdgeHubRoutesCheck(new EdgeHubSettingsValidation()));

    @Test
    public void setsTheDesiredSectionsOfTheOtherDevicesTwinsEdgeAgentLast() {
        DeploymentStatus status = deliveries.deliver("line-2", MANIFEST);

        assertThat(status, is(new DeploymentStatus(1, 200, "accepted, delivered to line-2 by its parent", 0, "")));
        assertThat(twins.patchedDesired, contains(HUB, FILTER, AGENT));
        assertThat(twins.get(FILTER).desired(), is("{\"threshold\":30}"));
        assertThat(TwinSections.read(twins.get(HUB).desired()).path("routes").path("up").asText(),
                is("FROM /messages/* INTO $upstream"));
        assertThat(TwinSections.read(twins.get(AGENT).desired()).path("modules").path("filter").path("type").asText(),
                is("bundle"));
    }

    @Test
    public void aSecondDeliveryReplacesTheSectionsAndTheSameOneChangesNothing() {
        deliveries.deliver("line-2", MANIFEST);

        DeploymentStatus changed = deliveries.deliver("line-2", MANIFEST.replace("\"threshold\": 30", "\"limit\": 5"));
        DeploymentStatus same = deliveries.deliver("line-2", MANIFEST.replace("\"threshold\": 30", "\"limit\": 5"));

        assertThat(twins.get(FILTER).desired(), is("{\"limit\":5}"));
        assertThat(twins.get(FILTER).desiredVersion(), is(2L));
        assertThat(changed.desiredVersion(), is(1L)); // $edgeAgent itself did not change
        assertThat(same.code(), is(200));
        assertThat(twins.patchedDesired.size(), is(4));
    }

    @Test
    public void refusesWhatDeployRefusesAndWritesNothing() {
        assertThat(deliveries.deliver("line-2", "").code(), is(417));
        assertThat(deliveries.deliver("line-2", "{\"modulesContent\": {\"$edgeAgent\": {\"properties.desired\":"
                + " {\"schemaVersion\": \"9.0\"}}}}").code(), is(412));
        DeploymentStatus invalid = deliveries.deliver("line-2", MANIFEST.replace("\"filter\": {\"properties",
                "\"other\": {\"properties"));

        assertThat(invalid.code(), is(400));
        assertThat(invalid.description(), containsString("a module that $edgeAgent does not deploy"));
        assertThat(twins.patchedDesired, is(empty()));
    }

    @Test
    public void refusesAManifestWhoseEdgeHubRoutesDoNotCompileAndWritesNothing() {
        DeploymentStatus refused = deliveries.deliver("line-2", MANIFEST.replace("FROM /messages/* INTO $upstream",
                "FROM /messages/* WHERE none or true INTO $upstream"));

        assertThat(refused.code(), is(400));
        assertThat(refused.description(), containsString("route 'up': Route 'FROM /messages/* WHERE none or true INTO "
                + "$upstream' line 1:29: invalid operands to 'or'"));
        assertThat(twins.patchedDesired, is(empty()));
    }

    @Test
    public void refusesUnknownDevicesAndLeafDevices() {
        DeploymentStatus unknown = deliveries.deliver("line-9", MANIFEST);
        DeploymentStatus leaf = deliveries.deliver("sensor-1", MANIFEST);
        DeploymentStatus invalid = deliveries.deliver("no/such", MANIFEST);

        assertThat(unknown.code(), is(404));
        assertThat(unknown.description(), containsString("no device 'line-9'"));
        assertThat(leaf.code(), is(400));
        assertThat(leaf.description(), containsString("only edge devices run deployments"));
        assertThat(invalid.code(), is(400));
        assertThat(twins.patchedDesired, is(empty()));
    }
}
