package io.strata.edgehub.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.identity.IdentityId;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.MethodResult;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

public class EdgeHubDirectMethodsTest {

    private static final IdentityId SENSOR = IdentityId.device("sensor-1");
    private static final IdentityId FILTER = IdentityId.module("line-1", "filter");
    private static final String CALLER = DirectMethods.FROM_SHELL;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EdgeHubDirectMethods methods = new EdgeHubDirectMethods();

    @Test
    public void aTargetWithoutAnyTransportGets404SayingItIsNotConnected() {
        MethodResult result = methods.invoke(CALLER, SENSOR, "reboot", "{}", TIMEOUT);

        assertThat(result.status(), is(MethodResult.NOT_FOUND));
        assertThat(result.payload(), is("{\"message\":\"sensor-1 is not connected to this edge hub\"}"));
    }

    @Test
    public void aTargetConnectedThroughNoneOfTheTransportsGets404() {
        methods.transports = List.of(FakeTransport.serving("mqtt", SENSOR));

        assertThat(methods.invoke(CALLER, FILTER, "reboot", "{}", TIMEOUT).status(), is(MethodResult.NOT_FOUND));
    }

    @Test
    public void theTransportTheTargetIsConnectedThroughAnswers() {
        methods.transports = List.of(FakeTransport.serving("mqtt", SENSOR), FakeTransport.serving("in-process", FILTER));

        assertThat(methods.invoke(CALLER, FILTER, "reboot", "{}", TIMEOUT),
                is(new MethodResult(200, "\"in-process called reboot on line-1/filter\"")));
        assertThat(methods.invoke(CALLER, SENSOR, "reboot", "{}", TIMEOUT),
                is(new MethodResult(200, "\"mqtt called reboot on sensor-1\"")));
    }

    @Test
    public void aMethodNameThatIsNotOneTopicLevelIsRefused() {
        methods.transports = List.of(FakeTransport.serving("mqtt", SENSOR));

        for (String name : List.of("", "a/b", "a+", "#")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> methods.invoke(CALLER, SENSOR, name, "{}", TIMEOUT));
            assertThat(refused.getMessage(), is("Invalid method name '" + name
                    + "': it must be one topic level, without / + or #"));
        }
    }

    @Test
    public void aPayloadThatIsNotOneJsonValueIsRefused() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> methods.invoke(CALLER, SENSOR, "m", "{", TIMEOUT))
                .getMessage(), containsString("The method payload is not JSON"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> methods.invoke(CALLER, SENSOR, "m", "1 2", TIMEOUT))
                .getMessage(), containsString("The method payload is not JSON"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> methods.invoke(CALLER, SENSOR, "m", " ", TIMEOUT))
                .getMessage(), is("The method payload is empty: give JSON, e.g. '{}' or 'null'"));
    }

    @Test
    public void anyJsonValueIsAPayload() {
        for (String payload : List.of("null", "42", "\"text\"", "[1,2]", "{\"a\":{}}")) {
            assertThat(methods.invoke(CALLER, SENSOR, "m", payload, TIMEOUT).status(), is(MethodResult.NOT_FOUND));
        }
    }

    @Test
    public void theTimeoutMustBePositive() {
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> methods.invoke(CALLER, SENSOR, "m", "{}", Duration.ZERO)).getMessage(),
                is("The timeout must be positive, not PT0S"));
        assertThrows(IllegalArgumentException.class, () -> methods.invoke(CALLER, SENSOR, "m", "{}", Duration.ofSeconds(-1)));
    }
}
