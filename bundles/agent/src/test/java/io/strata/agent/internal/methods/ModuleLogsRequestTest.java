package io.strata.agent.internal.methods;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import org.junit.Test;

public class ModuleLogsRequestTest {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");

    private static String refusal(String payload) {
        return assertThrows(BadPayloadException.class, () -> ModuleLogsRequest.parse(payload, NOW)).getMessage();
    }

    @Test
    public void readsIotEdgesExample() throws BadPayloadException {
        ModuleLogsRequest request = ModuleLogsRequest.parse("{\"schemaVersion\":\"1.0\",\"items\":[{\"id\":\"edge\","
                + "\"filter\":{\"tail\":10,\"since\":\"2d\"}},{\"id\":\"tempSensor\"}],\"encoding\":\"gzip\","
                + "\"contentType\":\"json\"}", NOW);
        assertThat(request.items().size(), is(2));
        assertThat(request.items().get(0).id().pattern(), is("edge"));
        assertThat(request.items().get(0).filter().tail(), is(10));
        assertThat(request.items().get(0).filter().since(), is(Instant.parse("2026-12-05T06:00:00Z")));
        assertThat(request.items().get(1).filter(), is(LogFilter.NONE));
        assertThat(request.gzip(), is(true));
        assertThat(request.json(), is(true));
    }

    @Test
    public void encodingAndContentTypeDefaultToNoneAndText() throws BadPayloadException {
        ModuleLogsRequest request = ModuleLogsRequest.parse("{\"schemaVersion\":\"1.0\",\"items\":[{\"id\":\".*\"}]}", NOW);
        assertThat(request.gzip(), is(false));
        assertThat(request.json(), is(false));
    }

    @Test
    public void badPayloadsAreRefusedNamingTheField() {
        assertThat(refusal("not json"), containsString("The GetModuleLogs payload is not JSON"));
        assertThat(refusal("null"), containsString("The GetModuleLogs payload must be a JSON object"));
        assertThat(refusal("{\"items\":[{\"id\":\"a\"}]}"), containsString("schemaVersion must be \"1.0\", not missing"));
        assertThat(refusal("{\"schemaVersion\":\"2.0\",\"items\":[{\"id\":\"a\"}]}"),
                containsString("schemaVersion must be \"1.0\", not \"2.0\""));
        assertThat(refusal("{\"schemaVersion\":\"1.0\"}"), containsString("items must be a non-empty array"));
        assertThat(refusal("{\"schemaVersion\":\"1.0\",\"items\":[]}"), containsString("items must be a non-empty array"));
        assertThat(refusal("{\"schemaVersion\":\"1.0\",\"items\":[{\"id\":\"a\"},{\"filter\":{}}]}"),
                containsString("items[1].id must be a non-empty string, not missing"));
        assertThat(refusal("{\"schemaVersion\":\"1.0\",\"items\":[\"a\"]}"), containsString("items[0] must be an object"));
        assertThat(refusal("{\"schemaVersion\":\"1.0\",\"items\":[{\"id\":\"[a\"}]}"),
                containsString("items[0].id '[a' is no regular expression"));
        assertThat(refusal("{\"schemaVersion\":\"1.0\",\"items\":[{\"id\":\"a\",\"filter\":{\"tail\":-2}}]}"),
                containsString("items[0].filter.tail"));
        assertThat(refusal("{\"schemaVersion\":\"1.0\",\"items\":[{\"id\":\"a\"}],\"encoding\":\"zip\"}"),
                containsString("encoding must be one of none, gzip, not \"zip\""));
        assertThat(refusal("{\"schemaVersion\":\"1.0\",\"items\":[{\"id\":\"a\"}],\"contentType\":\"xml\"}"),
                containsString("contentType must be one of text, json, not \"xml\""));
    }

    @Test
    public void restartModuleNeedsTheModuleId() throws BadPayloadException {
        assertThat(RestartModuleRequest.parse("{\"schemaVersion\":\"1.0\",\"id\":\" sensor \"}").moduleId(), is("sensor"));
        assertThat(assertThrows(BadPayloadException.class, () -> RestartModuleRequest.parse("{\"schemaVersion\":\"1.0\"}"))
                .getMessage(), is("id must be a non-empty string, not missing"));
        assertThat(assertThrows(BadPayloadException.class,
                () -> RestartModuleRequest.parse("{\"schemaVersion\":\"1.0\",\"id\":7}")).getMessage(),
                is("id must be a non-empty string, not 7"));
        assertThat(assertThrows(BadPayloadException.class, () -> RestartModuleRequest.parse("{\"id\":\"sensor\"}"))
                .getMessage(), containsString("schemaVersion"));
    }
}
