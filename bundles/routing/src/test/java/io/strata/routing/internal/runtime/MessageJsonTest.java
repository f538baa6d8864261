package io.strata.routing.internal.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.Test;

public class MessageJsonTest {

    @Test
    public void aJsonBodyIsSentAsJsonWithTheGivenProperties() {
        Message message = MessageJson.parse("""
                {"body": {"t": 35}, "properties": {"kind": "alarm"},
                 "systemProperties": {"$connectionModuleId": "sensor", "outputName": "out"}}
                """);
        assertThat(new String(message.body(), StandardCharsets.UTF_8), is("{\"t\":35}"));
        assertThat(message.contentType(), is(Optional.of("application/json")));
        assertThat(message.contentEncoding(), is(Optional.of("utf-8")));
        assertThat(message.applicationProperties().get("kind"), is("alarm"));
        assertThat(message.connectionModuleId(), is(Optional.of("sensor")));
        assertThat(message.outputName(), is(Optional.of("out")));
    }

    @Test
    public void aTextBodyIsItsText() {
        Message message = MessageJson.parse("{\"body\": \"plain\"}");
        assertThat(new String(message.body(), StandardCharsets.UTF_8), is("plain"));
        assertThat(message.contentType(), is(Optional.empty()));
    }

    @Test
    public void namesWhatIsWrong() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> MessageJson.parse("{body"))
                .getMessage(), containsString("not JSON"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> MessageJson.parse("{\"systemProperties\": {\"$colour\": \"red\"}}")).getMessage(),
                containsString("$colour"));
    }
}
