package io.strata.routing.internal.lang;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.message.Message;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** What a refused condition says, and what the type check leaves to run time. */
public class ConditionTypeCheckMessageTest {

    private static String problem(String condition) {
        return assertThrows(RouteSyntaxException.class,
                () -> RouteParser.parse("typed", "FROM /* WHERE " + condition + " INTO $upstream")).problem();
    }

    @Test
    public void namesTheOperandTypesAndWhatTheOperatorTakes() {
        assertThat(problem("none or true"), is("invalid operands to 'or' (string, boolean): it takes booleans, null or "
                + "undefined; properties are strings, as_number(name) reads one as a number"));
        assertThat(problem("1 + 'a'"), is("invalid operands to '+' (number, string): it takes two numbers"));
        assertThat(problem("starts_with(12.34, 'hello')"), is("invalid arguments to starts_with(number, string): it takes "
                + "starts_with(string, string)"));
        assertThat(problem("concat('a', 1) = 'a1'"), is("invalid arguments to concat(string, number): it takes "
                + "concat(string, ...)"));
    }

    @Test
    public void leavesBodyReferencesToRunTime() {
        Message message = Message.builder().body("{\"t\":35,\"s\":\"x\",\"b\":true}".getBytes(StandardCharsets.UTF_8))
                .contentType("application/json").contentEncoding("utf-8").build();

        assertThat(Conditions.evaluate("$body.t > 30", message), is("true"));
        assertThat(Conditions.evaluate("$body.s || 'y' = 'xy'", message), is("true"));
        assertThat(Conditions.evaluate("$body.b AND NOT ($body.missing = 1)", message).startsWith("undefined: "), is(true));
        assertThat(Conditions.evaluate("abs($body.t) = 35", message), is("true"));
        assertThat(Conditions.evaluate("starts_with($body.t, 'x')", message).startsWith("undefined: "), is(true));
        assertThat(Conditions.evaluate("($body.missing ?? 'none') = 'none'", message), is("true"));
    }
}
