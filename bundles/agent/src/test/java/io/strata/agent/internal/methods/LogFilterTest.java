package io.strata.agent.internal.methods;

import static io.strata.agent.internal.methods.LogLines.line;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class LogFilterTest {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private static final List<LogLine> LINES = List.of(
            line("2026-12-07T05:00:00Z", "INFO", "a", "started"),
            line("2026-12-07T05:10:00Z", "WARN", "a", "queue 80% full"),
            line("2026-12-07T05:20:00Z", "ERROR", "a", "queue full, message dropped"),
            line("2026-12-07T05:30:00Z", "DEBUG", "a", "tick"),
            line("2026-12-07T05:40:00Z", "INFO", "a", "queue drained"));

    private static List<String> select(String filter) throws BadPayloadException, JsonProcessingException {
        JsonNode node = Json.mapper().readTree(filter);
        return LogFilter.parse("items[0].filter", node, NOW).select(LINES).stream().map(LogLine::text).toList();
    }

    private static String refusal(String filter) throws JsonProcessingException {
        JsonNode node = Json.mapper().readTree(filter);
        return assertThrows(BadPayloadException.class, () -> LogFilter.parse("items[0].filter", node, NOW)).getMessage();
    }

    @Test
    public void noFilterSelectsEverything() throws Exception {
        assertThat(select("{}").size(), is(5));
        assertThat(select("null").size(), is(5));
    }

    @Test
    public void tailKeepsTheLastLinesAfterTheOtherFilters() throws Exception {
        assertThat(select("{\"tail\":2}"), contains("tick", "queue drained"));
        assertThat(select("{\"tail\":\"1\",\"regex\":\"queue\"}"), contains("queue drained"));
        assertThat(select("{\"tail\":0}"), is(List.of()));
        assertThat(select("{\"tail\":50}").size(), is(5));
    }

    @Test
    public void sinceIsInclusiveAndUntilExclusive() throws Exception {
        assertThat(select("{\"since\":\"2026-12-07T05:10:00Z\",\"until\":\"2026-12-07T05:30:00Z\"}"),
                contains("queue 80% full", "queue full, message dropped"));
        assertThat(select("{\"since\":\"35m\"}"), contains("tick", "queue drained"));
        assertThat(select("{\"until\":" + Instant.parse("2026-12-07T05:10:00Z").getEpochSecond() + "}"),
                contains("started"));
    }

    @Test
    public void loglevelKeepsThatSeverityAndTheMoreSevereOnes() throws Exception {
        assertThat(select("{\"loglevel\":4}"), contains("queue 80% full", "queue full, message dropped"));
        assertThat(select("{\"loglevel\":\"3\"}"), contains("queue full, message dropped"));
        assertThat(select("{\"loglevel\":\"warn\"}"), contains("queue 80% full", "queue full, message dropped"));
        assertThat(select("{\"loglevel\":6}").size(), is(4));
    }

    @Test
    public void regexIsFoundInTheText() throws Exception {
        assertThat(select("{\"regex\":\"full\"}"), contains("queue 80% full", "queue full, message dropped"));
        assertThat(select("{\"regex\":\"^queue (full|drained)\"}"), contains("queue full, message dropped", "queue drained"));
    }

    @Test
    public void badFieldsAreRefusedByName() throws Exception {
        assertThat(refusal("{\"tail\":-1}"), containsString("items[0].filter.tail must be a number of lines"));
        assertThat(refusal("{\"tail\":\"ten\"}"), containsString("items[0].filter.tail"));
        assertThat(refusal("{\"since\":true}"), containsString("items[0].filter.since"));
        assertThat(refusal("{\"until\":\"soon\"}"), containsString("items[0].filter.until 'soon'"));
        assertThat(refusal("{\"loglevel\":9}"), containsString("items[0].filter.loglevel"));
        assertThat(refusal("{\"loglevel\":\"LOUD\"}"), containsString("items[0].filter.loglevel 'LOUD' is no log level"));
        assertThat(refusal("{\"regex\":\"(\"}"), containsString("items[0].filter.regex '(' is no regular expression"));
        assertThat(refusal("{\"tial\":5}"), containsString("items[0].filter.tial is unknown"));
        assertThat(refusal("[]"), containsString("items[0].filter must be an object"));
    }
}
