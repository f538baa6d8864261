package io.strata.identity.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import java.time.Clock;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HierarchyAuthorizerTest {

    private static final IdentityId NODE = IdentityId.device("line-1");
    private static final IdentityId NODE_MODULE = IdentityId.module("line-1", "opcua");
    private static final IdentityId CHILD = IdentityId.device("cell-3");
    private static final IdentityId GRANDCHILD = IdentityId.device("sensor-7");
    private static final IdentityId CHILD_MODULE = IdentityId.module("cell-3", "filter");
    private static final IdentityId STRANGER = IdentityId.device("elsewhere");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private PersistentIdentityRegistry registry;
    private HierarchyAuthorizer authorizer;

    @Before
    public void buildHierarchy() {
        registry = new PersistentIdentityRegistry(new IdentityStore(folder.getRoot().toPath()), "line-1.local",
                Clock.systemUTC());
        registry.add(edge("plant"));
        registry.add(edge("line-1").withParent("plant"));
        registry.add(Identity.module("line-1", "opcua", Credentials.generateSymmetricKeys()));
        registry.add(edge("cell-3").withParent("line-1"));
        registry.add(Identity.module("cell-3", "filter", Credentials.generateSymmetricKeys()));
        registry.add(Identity.device("sensor-7", false, Credentials.generateSymmetricKeys()).withParent("cell-3"));
        registry.add(edge("elsewhere").withParent("plant"));
        authorizer = new HierarchyAuthorizer(registry, "line-1");
    }

    @Test
    public void connectsThisNodeItsModulesAndItsSubtree() {
        assertThat(authorizer.mayConnect(NODE), is(true));
        assertThat(authorizer.mayConnect(NODE_MODULE), is(true));
        assertThat(authorizer.mayConnect(CHILD), is(true));
        assertThat(authorizer.mayConnect(GRANDCHILD), is(true));
    }

    @Test
    public void refusesTheParentSiblingsOtherModulesAndUnknowns() {
        assertThat(authorizer.mayConnect(IdentityId.device("plant")), is(false));
        assertThat(authorizer.mayConnect(STRANGER), is(false));
        assertThat(authorizer.mayConnect(CHILD_MODULE), is(false));
        assertThat(authorizer.mayConnect(IdentityId.device("ghost")), is(false));
        assertThat(authorizer.mayConnect(IdentityId.module("line-1", "ghost")), is(false));
    }

    @Test
    public void refusesDisabledIdentitiesEverything() {
        registry.setEnabled(GRANDCHILD, false);
        registry.setEnabled(NODE_MODULE, false);

        assertThat(authorizer.mayConnect(GRANDCHILD), is(false));
        assertThat(authorizer.mayPublish(GRANDCHILD, "devices/sensor-7/messages/events/"), is(false));
        assertThat(authorizer.maySubscribe(GRANDCHILD, "$iothub/twin/res/#"), is(false));
        assertThat(authorizer.mayConnect(NODE_MODULE), is(false));
    }

    @Test
    public void followsTheNodeDeviceIdWhenTheHierarchyChanges() {
        registry.setParent("sensor-7", "elsewhere");

        assertThat(authorizer.mayConnect(GRANDCHILD), is(false));
        assertThat(new HierarchyAuthorizer(registry, "plant").mayConnect(GRANDCHILD), is(true));
    }

    @Test
    public void letsADevicePublishToItsOwnTopicsOnly() {
        assertThat(authorizer.mayPublish(GRANDCHILD, "devices/sensor-7/messages/events/a=1"), is(true));
        assertThat(authorizer.mayPublish(GRANDCHILD, "$iothub/twin/PATCH/properties/reported/?$rid=1"), is(true));
        assertThat(authorizer.mayPublish(GRANDCHILD, "devices/cell-3/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(GRANDCHILD, "devices/sensor-7/modules/x/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(GRANDCHILD, "devices/sensor-7"), is(false));
        assertThat(authorizer.mayPublish(GRANDCHILD, "devices/sensor-7/messages/+"), is(false));
        assertThat(authorizer.mayPublish(GRANDCHILD, "telemetry"), is(false));
        assertThat(authorizer.mayPublish(GRANDCHILD, "$iothub"), is(false));
    }

    @Test
    public void letsAModulePublishUnderItsOwnModuleTopicsOnly() {
        assertThat(authorizer.mayPublish(NODE_MODULE, "devices/line-1/modules/opcua/messages/events/"), is(true));
        assertThat(authorizer.mayPublish(NODE_MODULE, "devices/line-1/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(NODE_MODULE, "devices/line-1/modules/other/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(NODE_MODULE, "devices/line-1/modules/opcua"), is(false));
    }

    @Test
    public void refusesSubscriptionsWhoseWildcardsEscapeTheOwnTopics() {
        assertThat(authorizer.maySubscribe(GRANDCHILD, "devices/sensor-7/messages/devicebound/#"), is(true));
        assertThat(authorizer.maySubscribe(GRANDCHILD, "$iothub/methods/POST/#"), is(true));
        assertThat(authorizer.maySubscribe(NODE_MODULE, "devices/line-1/modules/opcua/#"), is(true));
        assertThat(authorizer.maySubscribe(NODE_MODULE, "devices/line-1/modules/opcua/+/x"), is(true));

        assertThat(authorizer.maySubscribe(GRANDCHILD, "#"), is(false));
        assertThat(authorizer.maySubscribe(GRANDCHILD, "+/sensor-7/messages/#"), is(false));
        assertThat(authorizer.maySubscribe(GRANDCHILD, "devices/+/messages/devicebound/#"), is(false));
        assertThat(authorizer.maySubscribe(GRANDCHILD, "devices/sensor-7/#"), is(false));
        assertThat(authorizer.maySubscribe(GRANDCHILD, "devices/sensor-7/+/devicebound"), is(false));
        assertThat(authorizer.maySubscribe(GRANDCHILD, "devices/sensor-7/modules/#"), is(false));
        assertThat(authorizer.maySubscribe(NODE_MODULE, "devices/line-1/modules/+/#"), is(false));
        assertThat(authorizer.maySubscribe(NODE_MODULE, "devices/line-1/modules/#"), is(false));
        assertThat(authorizer.maySubscribe(NODE_MODULE, "devices/line-1/#"), is(false));
    }

    @Test
    public void letsAnEdgeDevicePublishTheTelemetryOfItsSubtreeOnItsMembersTopics() {
        registry.add(edge("bay-5").withParent("cell-3"));
        registry.add(Identity.device("probe-2", false, Credentials.generateSymmetricKeys()).withParent("bay-5"));

        assertThat(authorizer.mayPublish(CHILD, "devices/sensor-7/messages/events/%24.on=out"), is(true));
        assertThat(authorizer.mayPublish(CHILD, "devices/probe-2/messages/events/"), is(true));
        assertThat(authorizer.mayPublish(CHILD, "devices/sensor-7/modules/unregistered/messages/events/"), is(true));
        assertThat(authorizer.mayPublish(CHILD, "devices/cell-3/modules/filter/messages/events/"), is(true));
        assertThat(authorizer.mayPublish(CHILD, "devices/sensor-7/messages/events"), is(true));
    }

    @Test
    public void anEdgeDeviceMayNotPublishOutsideItsSubtreeNorAnythingButTelemetryForIt() {
        registry.setEnabled(GRANDCHILD, false);

        assertThat(authorizer.mayPublish(CHILD, "devices/sensor-7/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(CHILD, "devices/elsewhere/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(CHILD, "devices/line-1/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(CHILD, "devices/ghost/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(CHILD, "devices/probe-2/messages/devicebound/"), is(false));
        assertThat(authorizer.mayPublish(CHILD, "devices/+/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(CHILD_MODULE, "devices/sensor-7/messages/events/"), is(false));
    }

    @Test
    public void aLeafMayNotPublishOnBehalfOfOthersNorUseNodeTopics() {
        registry.add(Identity.device("sensor-8", false, Credentials.generateSymmetricKeys()).withParent("cell-3"));

        assertThat(authorizer.mayPublish(GRANDCHILD, "devices/sensor-8/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(GRANDCHILD, "devices/sensor-7/modules/m/messages/events/"), is(false));
        assertThat(authorizer.mayPublish(GRANDCHILD, "$strata/nodes/sensor-7/twins/reported/?$id=sensor-7"), is(false));
        assertThat(authorizer.maySubscribe(GRANDCHILD, "$strata/nodes/sensor-7/#"), is(false));
    }

    @Test
    public void anEdgeDeviceUsesItsOwnNodeTopicsOnly() {
        assertThat(authorizer.maySubscribe(CHILD, "$strata/nodes/cell-3/#"), is(true));
        assertThat(authorizer.mayPublish(CHILD, "$strata/nodes/cell-3/twins/reported/?$id=sensor-7&$version=2"),
                is(true));
        assertThat(authorizer.mayPublish(CHILD, "$strata/nodes/cell-3/methods/res/200/?$rid=4"), is(true));

        assertThat(authorizer.maySubscribe(CHILD, "$strata/nodes/elsewhere/#"), is(false));
        assertThat(authorizer.maySubscribe(CHILD, "$strata/nodes/+/identities"), is(false));
        assertThat(authorizer.maySubscribe(CHILD, "$strata/#"), is(false));
        assertThat(authorizer.maySubscribe(CHILD, "$strata/nodes/cell-3"), is(false));
        assertThat(authorizer.mayPublish(CHILD, "$strata/nodes/elsewhere/methods/res/200/?$rid=4"), is(false));
        assertThat(authorizer.maySubscribe(CHILD_MODULE, "$strata/nodes/cell-3/#"), is(false));
    }

    private static Identity edge(String id) {
        return Identity.device(id, true, Credentials.generateSymmetricKeys());
    }
}
