package io.strata.agent.internal.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.testing.MemoryTwinService;
import org.junit.Test;

public class ReplacementPatchTest {

    private static String patch(String current, String wanted) throws Exception {
        return ReplacementPatch.between(Json.mapper().readTree(current), (ObjectNode) Json.mapper().readTree(wanted)).toString();
    }

    @Test
    public void removesWhatTheWantedObjectLacksAtEveryDepthAndKeepsMetadata() throws Exception {
        assertThat(patch("{\"$version\":3,\"a\":1,\"m\":{\"x\":{\"k\":1},\"y\":{}}}", "{\"m\":{\"x\":{\"k\":2}},\"n\":[1]}"),
                is("{\"a\":null,\"m\":{\"y\":null,\"x\":{\"k\":2}},\"n\":[1]}"));
    }

    @Test
    public void equalObjectsNeedNoPatch() throws Exception {
        assertThat(patch("{\"a\":{\"b\":[1,2]}}", "{\"a\":{\"b\":[1,2]}}"), is("{}"));
    }

    @Test
    public void appliedAsAMergePatchItGivesTheWantedObject() throws Exception {
        String current = "{\"a\":1,\"m\":{\"x\":{\"k\":1},\"y\":{}}}";
        String wanted = "{\"m\":{\"x\":{\"k\":2}},\"n\":\"s\"}";
        JsonNode result = MemoryTwinService.merge((ObjectNode) Json.mapper().readTree(current), Json.mapper().readTree(patch(current, wanted)));
        assertThat(result, is(Json.mapper().readTree(wanted)));
    }
}
