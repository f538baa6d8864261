package io.strata.routing.internal.lang;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** Whole routes deciding on messages, and how they explain a message they do not take. */
public class RouteMatchTest {

    private static MatchResult match(String route, Message message) {
        return RouteParser.parse("test", route).matches(MessageSource.TELEMETRY, message);
    }

    private static Message withProperties(String a, String b, String c) {
        return Message.builder().connectionDeviceId("sensor-1")
                .applicationProperty("a", a).applicationProperty("b", b).applicationProperty("c", c).build();
    }

    @Test
    public void aRouteWithoutConditionTakesEveryMessageFromItsSource() {
        MatchResult result = match("FROM /messages/* INTO $upstream", Message.builder().connectionDeviceId("sensor-1").build());

        assertThat(result.isMatch(), is(true));
        assertThat(result.explanation(), is("the source and the condition match"));
    }

    @Test
    public void explainsASourceThatDoesNotMatch() {
        assertThat(match("FROM /messages/modules/filter/* INTO $upstream", Message.builder().connectionDeviceId("sensor-1").build())
                .explanation(), is("source /messages/modules/filter/* does not match a message from device sensor-1"));
        assertThat(match("FROM /messages/modules/filter/outputs/alerts INTO $upstream", Message.builder()
                        .connectionDeviceId("edge-1").connectionModuleId("filter").outputName("out1").build()).explanation(),
                is("source /messages/modules/filter/outputs/alerts does not match a message from module edge-1/filter through output out1"));
        assertThat(RouteParser.parse("test", "FROM /messages/* INTO $upstream").matches(MessageSource.TWIN_CHANGE_NOTIFICATION,
                        Message.builder().connectionDeviceId("edge-1").connectionModuleId("filter").build()).explanation(),
                is("source /messages/* does not match a twin change notification of edge-1/filter"));
    }

    @Test
    public void takesDecidesAsMatchesDoesWhileMatchesStillExplainsWhatTakesLeavesUnsaid() {
        Route route = RouteParser.parse("test", "FROM /messages/* WHERE $body.level > 3 AND missing = 'x' INTO $upstream");
        Message message = Message.builder().connectionDeviceId("sensor-1").body("{\"level\":5}".getBytes(StandardCharsets.UTF_8))
                .contentType("application/json").contentEncoding("utf-8").build();

        assertThat(route.takes(MessageSource.TELEMETRY, MessageContext.of(message)), is(false));
        assertThat(route.matches(MessageSource.TELEMETRY, message).explanation(), is("condition evaluated to undefined: "
                + "missing is undefined because the message has no application property of that name"));
        assertThat(route.takes(MessageSource.TELEMETRY, MessageContext.of(message.toBuilder()
                .applicationProperty("missing", "x").build())), is(true));
    }

    @Test
    public void theReasonOfAnUndefinedValueIsPutIntoWordsOnlyWhenAskedFor() {
        int[] worded = new int[1];
        Value undefined = Value.undefined(() -> {
            worded[0]++;
            return "nobody asked";
        });

        assertThat(undefined.isUndefined() || undefined.isTrue(), is(true));
        assertThat(worded[0], is(0));
        assertThat(undefined.describe(), is("undefined: nobody asked"));
        assertThat(worded[0], is(1));
    }

    @Test
    public void explainsAFalseCondition() {
        MatchResult result = match("FROM /* WHERE a = 'x' INTO $upstream", withProperties("y", "y", "y"));

        assertThat(result.isMatch(), is(false));
        assertThat(result.explanation(), is("condition evaluated to false"));
    }

    @Test
    public void explainsAConditionThatIsNotBoolean() {
        assertThat(match("FROM /* WHERE a INTO $upstream", withProperties("x", "y", "z")).explanation(),
                is("condition evaluated to the string 'x'"));
        assertThat(match("FROM /* WHERE null INTO $upstream", withProperties("x", "y", "z")).explanation(),
                is("condition evaluated to null"));
    }

    @Test
    public void explainsWhereAnUndefinedValueCameFrom() {
        assertThat(match("FROM /* WHERE as_number(temperature) > 20 AND true INTO $upstream",
                        Message.builder().applicationProperty("temperature", "warm").build()).explanation(),
                is("condition evaluated to undefined: 'as_number(temperature)' is undefined because 'warm' is not a number"));
        assertThat(match("FROM /* WHERE sensor = 'a' OR 1 % 0 > 1 INTO $upstream", withProperties("x", "y", "z")).explanation(),
                is("condition evaluated to undefined: sensor is undefined because the message has no application property of that name"));
        assertThat(match("FROM /* WHERE length(concat(a, $body.n)) > 0 INTO $upstream", Message.builder()
                        .applicationProperty("a", "x").body("{\"n\":1}".getBytes(StandardCharsets.UTF_8))
                        .contentType("application/json").contentEncoding("utf-8").build()).explanation(),
                is("condition evaluated to undefined: 'concat(a, $body.n)' is undefined because concat needs a string as argument 2 but was given a number"));
        assertThat(match("FROM /* WHERE 0 % (2 - 2) > 1 INTO $upstream", withProperties("x", "y", "z")).explanation(),
                is("condition evaluated to undefined: '0 % (2 - 2)' is undefined because the result is not a number"));
        assertThat(match("FROM /* WHERE {$mine} = 'x' INTO $upstream", Message.builder().applicationProperty("$mine", "x").build())
                .explanation(), is("condition evaluated to undefined: $mine is undefined because the message has no system property of that name"));
    }

    @Test
    public void explainsABodyThatIsNotJson() {
        Message text = Message.builder().body("21".getBytes(StandardCharsets.UTF_8)).contentType("text/plain")
                .contentEncoding("utf-8").build();

        assertThat(match("FROM /* WHERE $body.temp > 20 INTO $upstream", text).explanation(),
                is("condition evaluated to undefined: $body.temp is undefined because the content type is text/plain"));
    }

    @Test
    public void notBindsTighterThanComparisons() {
        // ((NOT a) = 'x' AND b = 'y') OR c = 'z': NOT of a string, which IoT Hub refuses.
        RouteSyntaxException refused = assertThrows(RouteSyntaxException.class,
                () -> RouteParser.parse("test", "FROM /* WHERE NOT a = 'x' AND b = 'y' OR c = 'z' INTO $upstream"));
        assertThat(refused.column(), is(15));
        assertThat(match("FROM /* WHERE NOT (a = 'x') AND b = 'y' OR c = 'z' INTO $upstream", withProperties("q", "y", "q"))
                .isMatch(), is(true));
    }

    @Test
    public void andBindsTighterThanOr() {
        String route = "FROM /* WHERE a = 'x' OR b = 'x' AND c = 'x' INTO $upstream";

        assertThat(match(route, withProperties("x", "q", "q")).isMatch(), is(true));
        assertThat(match(route, withProperties("q", "x", "q")).isMatch(), is(false));
        assertThat(match(route, withProperties("q", "x", "x")).isMatch(), is(true));
    }

    @Test
    public void aDollarNameIsAnApplicationPropertyOfThatNameBeforeASystemProperty() {
        Message message = Message.builder().messageId("system").contentType("application/json")
                .applicationProperty("$messageId", "application").applicationProperty("$custom", "mine").build();

        assertThat(Conditions.evaluate("$messageId", message), is("the string 'application'"));
        assertThat(Conditions.evaluate("{$messageId}", message), is("the string 'system'"));
        assertThat(Conditions.evaluate("$contentType", message), is("the string 'application/json'"));
        assertThat(Conditions.evaluate("$custom", message), is("the string 'mine'"));
        assertThat(Conditions.evaluate("{$custom}", message).startsWith("undefined: "), is(true));
    }

    @Test
    public void applicationPropertiesPreferTheExactCase() {
        Message message = Message.builder().applicationProperty("Level", "upper").applicationProperty("level", "lower").build();

        assertThat(Conditions.evaluate("level", message), is("the string 'lower'"));
        assertThat(Conditions.evaluate("Level", message), is("the string 'upper'"));
        assertThat(Conditions.evaluate("LEVEL", message), is("the string 'upper'"));
    }

    @Test
    public void anExpressionIsEvaluatedForEachMessage() {
        Route route = RouteParser.parse("alerts", "FROM /messages/* WHERE as_number(level) >= 3 INTO $upstream");

        assertThat(route.matches(MessageSource.TELEMETRY, Message.builder().applicationProperty("level", "4").build()).isMatch(), is(true));
        assertThat(route.matches(MessageSource.TELEMETRY, Message.builder().applicationProperty("level", "2").build()).isMatch(), is(false));
        assertThat(route.matches(MessageSource.TELEMETRY, Message.builder().build()).isMatch(), is(false));
    }
}
