package io.strata.routing.internal.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import io.strata.api.routing.InvalidEdgeHubSettingsException;
import io.strata.routing.internal.store.Destination;
import java.time.Duration;
import org.junit.Test;

/** The $edgeHub desired properties as manifests write them, and what is refused. */
public class EdgeHubSettingsTest {

    @Test
    public void readsRoutesAsStringsAndAsObjectsWithPriorityAndTimeToLive() throws Exception {
        EdgeHubSettings settings = EdgeHubSettings.parse("""
                {"schemaVersion": "1.1",
                 "routes": {
                   "plain": "FROM /messages/* INTO $upstream",
                   "rich": {"route": "FROM /messages/modules/a/* INTO $upstream", "priority": 2, "timeToLiveSecs": 30},
                   "gone": null},
                 "storeAndForwardConfiguration": {"timeToLiveSecs": 600}}
                """);

        assertThat(settings.routes().keySet().toString(), is("[plain, rich]"));
        assertThat(settings.routes().get("plain").priority(), is(Destination.UNPRIORITISED));
        assertThat(settings.routes().get("plain").timeToLive(), is(nullValue()));
        assertThat(settings.routes().get("rich").priority(), is(2));
        assertThat(settings.routes().get("rich").timeToLive(), is(Duration.ofSeconds(30)));
        assertThat(settings.timeToLive(), is(Duration.ofSeconds(600)));
    }

    @Test
    public void anyBadRouteRefusesTheWholeSectionWith400NamingEachRouteAndColumn() {
        InvalidEdgeHubSettingsException refused = assertThrows(InvalidEdgeHubSettingsException.class,
                () -> EdgeHubSettings.parse("""
                {"schemaVersion": "1.0",
                 "routes": {
                   "good": "FROM /messages/* INTO $upstream",
                   "typo": "FROM /messages/* WHERE $body.t >> 3 INTO $upstream",
                   "illTyped": "FROM /messages/* WHERE none or true INTO $upstream",
                   "tooHigh": {"route": "FROM /* INTO $upstream", "priority": 10},
                   "negativeLife": {"route": "FROM /* INTO $upstream", "timeToLiveSecs": -1},
                   "noText": {"priority": 1}}}
                """));

        assertThat(refused.status(), is(400));
        assertThat(refused.getMessage(), not(containsString("'good'")));
        assertThat(refused.getMessage(), containsString("route 'typo': Route 'FROM /messages/* WHERE $body.t >> 3 INTO $upstream' line 1:"));
        assertThat(refused.getMessage(), containsString("route 'illTyped': Route 'FROM /messages/* WHERE none or true INTO $upstream' "
                + "line 1:29: invalid operands to 'or'"));
        assertThat(refused.getMessage(), containsString("route 'tooHigh': priority must be an integer from 0 (highest) to 9"));
        assertThat(refused.getMessage(), containsString("route 'negativeLife': timeToLiveSecs"));
        assertThat(refused.getMessage(), containsString("route 'noText': a route is a string"));
    }

    @Test
    public void anUnknownSchemaVersionIsRefusedWith412() {
        InvalidEdgeHubSettingsException refused = assertThrows(InvalidEdgeHubSettingsException.class,
                () -> EdgeHubSettings.parse("{\"schemaVersion\": \"9.9\", \"routes\": {}}"));
        assertThat(refused.status(), is(412));
        assertThat(refused.getMessage(), containsString("9.9"));
        assertThat(assertThrows(InvalidEdgeHubSettingsException.class, () -> EdgeHubSettings.parse("{\"routes\": {}}"))
                .status(), is(412));
    }

    @Test
    public void aSectionThatIsWrongAsAWholeIsRefusedWith400() {
        assertThat(assertThrows(InvalidEdgeHubSettingsException.class, () -> EdgeHubSettings.parse("[1]")).status(), is(400));
        assertThat(assertThrows(InvalidEdgeHubSettingsException.class, () -> EdgeHubSettings.parse("{not json")).status(),
                is(400));
        assertThat(assertThrows(InvalidEdgeHubSettingsException.class,
                () -> EdgeHubSettings.parse("{\"schemaVersion\": \"1.1\", \"routes\": [\"FROM /* INTO $upstream\"]}"))
                .status(), is(400));
        InvalidEdgeHubSettingsException badTtl = assertThrows(InvalidEdgeHubSettingsException.class, () -> EdgeHubSettings.parse(
                "{\"schemaVersion\": \"1.1\", \"storeAndForwardConfiguration\": {\"timeToLiveSecs\": \"long\"}}"));
        assertThat(badTtl.getMessage(), containsString("storeAndForwardConfiguration.timeToLiveSecs"));
    }
}
