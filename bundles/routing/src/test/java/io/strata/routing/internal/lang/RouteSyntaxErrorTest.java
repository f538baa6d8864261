package io.strata.routing.internal.lang;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import java.util.Collection;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** Routes that cannot be parsed, and the position and words of the first problem. */
@RunWith(Parameterized.class)
public class RouteSyntaxErrorTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> routes() {
        return Arrays.asList(new Object[][] {
                {"FROM /messages/* WHERE a > INTO $upstream", 1, 28, "expected an expression but found 'INTO'"},
                {"", 1, 1, "expected SELECT or FROM but found the end of the route"},
                {"WHERE a = 1 INTO $upstream", 1, 1, "expected SELECT or FROM but found 'WHERE'"},
                {"SELECT FROM /* INTO $upstream", 1, 8, "expected '*' but found 'FROM'"},
                {"FROM INTO $upstream", 1, 6, "expected a source such as /messages/* but found 'INTO'"},
                {"FROM", 1, 5, "expected a source such as /messages/* but found the end of the route"},
                {"FROM messages/* INTO $upstream", 1, 6, "unknown source 'messages/*'; a source is one of " + RouteSource.FORMS},
                {"FROM /messages/modules/filter/inputs/* INTO $upstream", 1, 6,
                        "unknown source '/messages/modules/filter/inputs/*'; a source is one of " + RouteSource.FORMS},
                {"FROM /messages/* $upstream", 1, 18, "expected WHERE or INTO but found '$upstream'"},
                {"FROM /messages/* WHERE a = 1", 1, 29, "expected INTO but found the end of the route"},
                {"FROM /messages/* WHERE a = 1 $upstream", 1, 30, "expected INTO but found '$upstream'"},
                {"FROM /messages/* WHERE INTO $upstream", 1, 24, "expected an expression but found 'INTO'"},
                {"FROM /messages/* WHERE (a = 1 INTO $upstream", 1, 31, "expected ')' but found 'INTO'"},
                {"FROM /messages/* WHERE a = 'open INTO $upstream", 1, 28,
                        "the string 'open INTO $upstream has no closing quote"},
                {"FROM /messages/* WHERE a # 1 INTO $upstream", 1, 26, "expected INTO but found '#'"},
                {"FROM /messages/* WHERE contains(a, INTO $upstream", 1, 36, "expected an expression but found 'INTO'"},
                {"FROM /messages/* WHERE contains(a 'b') INTO $upstream", 1, 35, "expected ')' or ',' but found ''b''"},
                {"FROM /messages/* WHERE foo(1) INTO $upstream", 1, 24, "unknown function 'foo'; the functions are "
                        + "abs, exp, power, square, ceiling, floor, sign, sqrt, as_number, is_bool, is_defined, is_null, "
                        + "is_number, is_string, concat, length, lower, upper, substring, index_of, starts_with, ends_with, contains"},
                {"FROM /messages/* WHERE substring('a') = 'a' INTO $upstream", 1, 24,
                        "substring takes 2 or 3 arguments but was given 1"},
                {"FROM /messages/* WHERE abs() = 1 INTO $upstream", 1, 24, "abs takes 1 argument but was given 0"},
                {"FROM /messages/* WHERE power(1) = 1 INTO $upstream", 1, 24, "power takes 2 arguments but was given 1"},
                {"FROM /messages/* WHERE concat('a') = 'a' INTO $upstream", 1, 24,
                        "concat takes at least 2 arguments but was given 1"},
                {"FROM /messages/* WHERE $body.a..b = 1 INTO $upstream", 1, 24,
                        "'$body.a..b' is not a body path such as $body.weather.history[0].temperature"},
                {"FROM /messages/* WHERE $body.a[x] = 1 INTO $upstream", 1, 24,
                        "'$body.a[x]' is not a body path such as $body.weather.history[0].temperature"},
                {"FROM /messages/* INTO", 1, 22, "expected a sink such as $upstream or "
                        + "BrokeredEndpoint(\"/modules/{moduleId}/inputs/{input}\") but found the end of the route"},
                {"FROM /messages/* INTO 'x'", 1, 23, "expected a sink such as $upstream or "
                        + "BrokeredEndpoint(\"/modules/{moduleId}/inputs/{input}\") but found ''x''"},
                {"FROM /messages/* INTO $upstream extra", 1, 33, "expected the end of the route but found 'extra'"},
                {"FROM /messages/* INTO BrokeredEndpoint(/modules/m/inputs/i)", 1, 40, "expected a quoted string but found '/'"},
                {"FROM /messages/* INTO BrokeredEndpoint(\"/modules/m/inputs/i\"", 1, 61,
                        "expected ')' but found the end of the route"},
                {"FROM /messages/* INTO BrokeredEndpoint", 1, 23,
                        "BrokeredEndpoint needs an argument such as \"/modules/{moduleId}/inputs/{input}\""},
                {"FROM /messages/* INTO BrokeredEndpoint(\"/modules/m\")", 1, 40,
                        "BrokeredEndpoint needs an argument such as \"/modules/{moduleId}/inputs/{input}\""},
                {"FROM /messages/* INTO $upstream(\"x\")", 1, 33, "$upstream takes no argument"},
                {"FROM /messages/*\n  WHERE a >\n  INTO $upstream", 3, 3, "expected an expression but found 'INTO'"},
                {"/* FROM /* INTO $upstream */", 1, 29, "expected SELECT or FROM but found the end of the route"},
        });
    }

    @Parameter(0)
    public String route;
    @Parameter(1)
    public int line;
    @Parameter(2)
    public int column;
    @Parameter(3)
    public String problem;

    @Test
    public void namesThePositionAndTheProblem() {
        RouteSyntaxException error = assertThrows(RouteSyntaxException.class, () -> RouteParser.parse("bad", route));

        assertThat(error.problem(), is(problem));
        assertThat(error.line(), is(line));
        assertThat(error.column(), is(column));
        assertThat(error.route(), is(route));
        assertThat(error.getMessage(), is("Route '" + route + "' line " + line + ":" + column + ": " + problem));
    }
}
