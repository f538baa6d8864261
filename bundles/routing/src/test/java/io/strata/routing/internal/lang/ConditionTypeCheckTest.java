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

/**
 * Conditions IoT Hub refuses to compile because an operand's type is known from the route and does not
 * suit its operator or function: the route is refused at that operator or function name.
 */
@RunWith(Parameterized.class)
public class ConditionTypeCheckTest {
    private static final String BEFORE_CONDITION = "FROM /* WHERE ";

    @Parameters(name = "{0} refused at column {1}")
    public static Collection<Object[]> conditions() {
        return Arrays.asList(new Object[][] {
                // logic over values that are not booleans; properties are strings
                {"none or true", 6},
                {"none and true", 6},
                {"undefined and \"hello\"", 11},
                {"true AND 'x'", 6},
                {"is_defined(not key1)", 12},
                {"NOT 'x'", 1},
                {"NOT undefined", 1},
                {"NOT 1 = 1", 1},
                // arithmetic on strings, booleans, null and undefined
                {"is_defined(3 + none)", 14},
                {"NOT is_defined(3 + none)", 18},
                {"is_defined(true - 3)", 17},
                {"is_defined('a' * 'b')", 16},
                {"is_defined(3 / null)", 14},
                {"is_defined(undefined % 3)", 22},
                {"- (key1)", 1},
                {"$body.count + key1 > 1", 13},
                // comparisons of different types
                {"is_defined(3 = none)", 14},
                {"is_defined(3 <> none.key1)", 14},
                {"3 < null", 3},
                {"true = 'true'", 6},
                {"$contentType > 3", 14},
                // concatenation
                {"'a' || true = 'a'", 5},
                {"'a' || null = 'a'", 5},
                // coalescing values of different types
                {"key1 ?? \"hello\" = \"value1\"", 6},
                {"(key1 ?? 12.34)", 7},
                {"(12.34 ?? key1)", 8},
                {"(key1 ?? null)", 7},
                {"(key1 ?? true)", 7},
                {"undefined ?? 3", 11},
                // functions given literals of the wrong type
                {"starts_with(12.34, 'hello')", 1},
                {"ends_with('hello', true)", 1},
                {"contains(null, null)", 1},
                {"index_of(undefined, 'a') = 0", 1},
                {"concat('a', undefined) = 'a'", 1},
                {"length(12.34) = 5", 1},
                {"lower(true) = 'true'", 1},
                {"substring('hello', 'a') = 'h'", 1},
                {"is_defined(abs(null))", 12},
                {"is_defined(power(2, key1))", 12},
                {"is_defined(sqrt(false))", 12},
                {"as_number(true) = 1", 1},
        });
    }

    @Parameter(0)
    public String condition;

    @Parameter(1)
    public int column;

    @Test
    public void refusesTheRouteAtTheOperatorOrFunction() {
        RouteSyntaxException refused = assertThrows(RouteSyntaxException.class,
                () -> RouteParser.parse("typed", BEFORE_CONDITION + condition + " INTO $upstream"));

        assertThat(refused.getMessage(), refused.column(), is(BEFORE_CONDITION.length() + column));
        assertThat(refused.line(), is(1));
    }
}
