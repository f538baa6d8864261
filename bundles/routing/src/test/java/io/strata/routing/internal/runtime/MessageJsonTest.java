package io.strata.routing.internal.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;
import io.strata.routing.internal.lang.MessageContext;
import io.strata.routing.internal.lang.RouteParser;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.Test;

public class MessageJsonTest {

    private static boolean matches(String condition, String message) {
        return RouteParser.parse("test", "FROM /messages/* WHERE " + condition + " INTO $upstream")
                .matches(MessageSource.TELEMETRY, MessageJson.parse(message)).isMatch();
    }

    @Test
    public void aJsonBodyIsSentAsJsonWithTheGivenProperties() {
        Message message = MessageJson.parse("""
                {"body": {"t": 35}, "properties": {"kind": "alarm"},
                 "systemProperties": {"$connectionModuleId": "sensor", "outputName": "out"}}
                """).message();
        assertThat(new String(message.body(), StandardCharsets.UTF_8), is("{\"t\":35}"));
        assertThat(message.contentType(), is(Optional.of("application/json")));
        assertThat(message.contentEncoding(), is(Optional.of("utf-8")));
        assertThat(message.applicationProperties().get("kind"), is("alarm"));
        assertThat(message.connectionModuleId(), is(Optional.of("sensor")));
        assertThat(message.outputName(), is(Optional.of("out")));
    }

    @Test
    public void aTextBodyIsItsText() {
        Message message = MessageJson.parse("{\"body\": \"plain\"}").message();
        assertThat(new String(message.body(), StandardCharsets.UTF_8), is("plain"));
        assertThat(message.contentType(), is(Optional.empty()));
    }

    @Test
    public void anApplicationPropertyMayBeNull() {
        String message = "{\"properties\": {\"empty\": null, \"kind\": \"alarm\"}}";

        assertThat(matches("is_null(empty) AND is_defined(empty) AND NOT is_string(empty)", message), is(true));
        assertThat(matches("'a' || empty || 'd' = 'ad'", message), is(true));
        assertThat(matches("is_defined(length(empty))", message), is(false));
        assertThat(matches("is_null(kind)", message), is(false));
    }

    @Test
    public void anySystemPropertyMayBeGiven() {
        String message = "{\"systemProperties\": {\"$iothub-connection-auth-method\": \"sas\", \"lockToken\": \"t-1\","
                + " \"$none\": null, \"$contentType\": \"text/plain\"}}";

        assertThat(matches("$iothub-connection-auth-method = 'sas'", message), is(true));
        assertThat(matches("{$LOCKTOKEN} = 't-1'", message), is(true));
        assertThat(matches("is_null({$none})", message), is(true));
        assertThat(matches("$contentType = 'text/plain'", message), is(true));
    }

    @Test
    public void anApplicationPropertyNamedLikeASystemPropertyComesFirst() {
        String message = "{\"properties\": {\"$contentType\": \"x\"}, \"systemProperties\": {\"$contentType\": \"y\"}}";

        assertThat(matches("$contentType = 'x' AND {$contentType} = 'y'", message), is(true));
    }

    @Test
    public void namesWhatIsWrong() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> MessageJson.parse("{body"))
                .getMessage(), containsString("not JSON"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> MessageJson.parse("{\"properties\": {\"nested\": {\"a\": 1}}}")).getMessage(),
                containsString("property 'nested'"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> MessageJson.parse("{\"systemProperties\": [1]}")).getMessage(),
                containsString("systemProperties"));
    }
}
