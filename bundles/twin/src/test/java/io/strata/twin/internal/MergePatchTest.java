package io.strata.twin.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

public class MergePatchTest {

    @Test
    public void addsMembers() {
        assertThat(patched("{\"a\":1}", "{\"b\":2}"), is("{\"a\":1,\"b\":2}"));
    }

    @Test
    public void replacesMembersInPlace() {
        assertThat(patched("{\"a\":1,\"b\":2}", "{\"a\":\"one\"}"), is("{\"a\":\"one\",\"b\":2}"));
    }

    @Test
    public void mergesNestedObjects() {
        assertThat(patched("{\"net\":{\"ip\":\"10.0.0.2\",\"mask\":24}}", "{\"net\":{\"gw\":\"10.0.0.1\",\"mask\":16}}"),
                is("{\"net\":{\"ip\":\"10.0.0.2\",\"mask\":16,\"gw\":\"10.0.0.1\"}}"));
    }

    @Test
    public void deletesMembersSetToNullAtAnyDepth() {
        assertThat(patched("{\"a\":1,\"net\":{\"ip\":\"10.0.0.2\",\"mask\":24}}", "{\"a\":null,\"net\":{\"mask\":null}}"),
                is("{\"net\":{\"ip\":\"10.0.0.2\"}}"));
    }

    @Test
    public void deletingAMissingMemberChangesNothing() {
        assertThat(patched("{\"a\":1}", "{\"b\":null}"), is("{\"a\":1}"));
    }

    @Test
    public void replacesArraysWhole() {
        assertThat(patched("{\"tags\":[1,2,3]}", "{\"tags\":[4]}"), is("{\"tags\":[4]}"));
    }

    @Test
    public void anObjectReplacesAScalarAndDropsItsNulls() {
        assertThat(patched("{\"a\":5}", "{\"a\":{\"b\":1,\"c\":null}}"), is("{\"a\":{\"b\":1}}"));
    }

    @Test
    public void leavesTheTargetAsItWas() {
        ObjectNode target = MergePatch.parse("{\"net\":{\"mask\":24}}");

        MergePatch.apply(target, MergePatch.parse("{\"net\":{\"mask\":16}}"));

        assertThat(TwinJson.compact(target), is("{\"net\":{\"mask\":24}}"));
    }

    @Test
    public void refusesMalformedJsonSayingWhere() {
        String message = refusal("{\"a\":1,");

        assertThat(message, startsWith("Malformed JSON: "));
        assertThat(message, containsString("line 1"));
    }

    @Test
    public void refusesTrailingContentAndDuplicateNames() {
        assertThat(refusal("{\"a\":1} {\"b\":2}"), startsWith("Malformed JSON: "));
        assertThat(refusal("{\"a\":1,\"a\":2}"), containsString("Duplicate field 'a'"));
    }

    @Test
    public void refusesPatchesThatAreNoObject() {
        assertThat(refusal("[1,2]"), is("A twin patch must be a JSON object, not an array"));
        assertThat(refusal("\"text\""), is("A twin patch must be a JSON object, not a string"));
        assertThat(refusal("42"), is("A twin patch must be a JSON object, not a number"));
        assertThat(refusal("null"), is("A twin patch must be a JSON object, not null"));
        assertThat(refusal("  "), is("A twin patch must be a JSON object, and it is empty"));
    }

    @Test
    public void refusesTopLevelMetadataButNotNestedDollarNames() {
        assertThat(refusal("{\"$version\":4}"), startsWith("'$version' is twin metadata, which a patch cannot set"));
        assertThat(refusal("{\"a\":1,\"$metadata\":{}}"), startsWith("'$metadata' is twin metadata"));
        assertThat(TwinJson.compact(MergePatch.parse("{\"a\":{\"$b\":1}}")), is("{\"a\":{\"$b\":1}}"));
    }

    @Test
    public void aDiffAppliedToTheOldSectionGivesTheNewOne() {
        String[][] pairs = {
            {"{}", "{}"},
            {"{}", "{\"a\":1,\"b\":{\"c\":[1,null]}}"},
            {"{\"a\":1,\"b\":{\"c\":2}}", "{}"},
            {"{\"a\":1,\"b\":{\"c\":2,\"d\":{\"e\":3}}}", "{\"a\":1,\"b\":{\"d\":{\"e\":4,\"f\":5}}}"},
            {"{\"a\":{\"b\":1}}", "{\"a\":[\"b\"]}"},
            {"{\"a\":\"x\"}", "{\"a\":{\"b\":{}}}"},
            {"{\"a\":{\"b\":{}}}", "{\"a\":{}}"},
            {"{\"routes\":{\"r1\":\"FROM /* INTO $upstream\"}}", "{\"routes\":{\"r2\":\"FROM /* INTO $upstream\"}}"},
        };
        for (String[] pair : pairs) {
            ObjectNode from = MergePatch.parseSection(pair[0]);
            ObjectNode to = MergePatch.parseSection(pair[1]);

            assertThat(pair[0] + " -> " + pair[1], MergePatch.apply(from, MergePatch.diff(from, to)), is(to));
        }
    }

    @Test
    public void aDiffHoldsOnlyWhatChanged() {
        assertThat(diff("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":[1]}", "{\"a\":1,\"b\":{\"c\":2},\"e\":[1,2],\"f\":true}"),
                is("{\"b\":{\"d\":null},\"e\":[1,2],\"f\":true}"));
        assertThat(diff("{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1}}"), is("{}"));
    }

    @Test
    public void aSyncedSectionDropsNullsAndKeepsThePatchRules() {
        assertThat(TwinJson.compact(MergePatch.parseSection("{\"a\":null,\"b\":{\"c\":null,\"d\":1}}")),
                is("{\"b\":{\"d\":1}}"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> MergePatch.parseSection("[1]")).getMessage(),
                is("A twin section must be a JSON object, not an array"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> MergePatch.parseSection("{\"$version\":1}"))
                .getMessage(), startsWith("'$version' is twin metadata, which a section cannot set"));
    }

    private static String diff(String from, String to) {
        return TwinJson.compact(MergePatch.diff(MergePatch.parse(from), MergePatch.parse(to)));
    }

    private static String patched(String target, String patch) {
        return TwinJson.compact(MergePatch.apply(MergePatch.parse(target), MergePatch.parse(patch)));
    }

    private static String refusal(String patch) {
        return assertThrows(IllegalArgumentException.class, () -> MergePatch.parse(patch)).getMessage();
    }
}
