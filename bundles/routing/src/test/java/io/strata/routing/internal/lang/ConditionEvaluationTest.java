package io.strata.routing.internal.lang;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.util.Arrays;
import java.util.Collection;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/** Every operator, function and literal, evaluated against {@link Conditions#jsonMessage()}. */
@RunWith(Parameterized.class)
public class ConditionEvaluationTest {
    /** Expected result of a condition that is undefined, whatever the reason. */
    private static final String UNDEFINED = "undefined";

    @Parameters(name = "{0} -> {1}")
    public static Collection<Object[]> conditions() {
        return Arrays.asList(new Object[][] {
                // literals
                {"'single'", "the string 'single'"},
                {"\"double\"", "the string 'double'"},
                {"'it\\'s \\\"quoted\\\" \\\\ \\u0041'", "the string 'it's \"quoted\" \\ A'"},
                {"42", "the number 42"},
                {"0x1F", "the number 31"},
                {"0XfF", "the number 255"},
                {"2.5", "the number 2.5"},
                {".5", "the number 0.5"},
                {"1.5e2", "the number 150"},
                {"2E-1", "the number 0.2"},
                {"true", "true"},
                {"FALSE", "false"},
                {"null", "null"},
                {"undefined", UNDEFINED},
                // arithmetic
                {"7 * 3", "the number 21"},
                {"7 / 2", "the number 3.5"},
                {"7 % 3", "the number 1"},
                {"7 + 3", "the number 10"},
                {"7 - 3", "the number 4"},
                {"-7", "the number -7"},
                {"- -7", "the number 7"},
                {"1 / 0", "the number Infinity"},
                {"-1 / 0", "the number -Infinity"},
                {"10e1000", "the number Infinity"},
                {"1 % 0", UNDEFINED},
                {"as_number(temperature) + 1", "the number 26.5"},
                // concatenation
                {"'a' || 'b'", "the string 'ab'"},
                {"status || '!'", "the string 'active!'"},
                {"'a' || missing", UNDEFINED},
                // comparisons of every type
                {"2 < 10", "true"},
                {"2 <= 2", "true"},
                {"2 > 10", "false"},
                {"2 >= 3", "false"},
                {"2 = 2.0", "true"},
                {"2 != 2", "false"},
                {"2 <> 3", "true"},
                {"'2' < '10'", "false"},
                {"'abc' = 'abc'", "true"},
                {"'abc' = 'ABC'", "false"},
                {"'B' < 'a'", "true"},
                {"false < true", "true"},
                {"true = true", "true"},
                {"null = null", "true"},
                {"null != null", "false"},
                {"-0 = 0", "true"},
                // comparisons between different types are undefined, not false
                {"temperature = '25.5'", "true"},
                {"missing = 'x'", UNDEFINED},
                {"missing != 'x'", UNDEFINED},
                // logic, three-valued
                {"true AND true", "true"},
                {"true AND false", "false"},
                {"false AND undefined", "false"},
                {"undefined AND false", "false"},
                {"true AND undefined", UNDEFINED},
                {"true or false", "true"},
                {"false OR false", "false"},
                {"true OR undefined", "true"},
                {"undefined OR true", "true"},
                {"false OR undefined", UNDEFINED},
                {"false OR null", "false"},
                {"true OR null", "true"},
                {"undefined OR null", UNDEFINED},
                {"null OR null", "null"},
                {"null AND true", "null"},
                {"null AND null", "null"},
                {"(null OR null) = null", "true"},
                {"(null AND false) = null", "true"},
                {"(null OR false) = false", "true"},
                {"NOT true", "false"},
                {"not false", "true"},
                {"NOT null", "true"},
                // coalescing
                {"missing ?? 'default'", "the string 'default'"},
                {"1 ?? 2", "the number 1"},
                {"missing ?? other ?? 'last'", "the string 'last'"},
                {"(as_number(status) ?? 12.5) = 12.5", "true"},
                {"undefined ?? undefined", UNDEFINED},
                // precedence and associativity
                {"1 + 2 * 3", "the number 7"},
                {"1 + 2 * 3 = 7", "true"},
                {"(1 + 2) * 3", "the number 9"},
                {"-2 * 3", "the number -6"},
                {"- 2 + 3", "the number 1"},
                {"10 - 4 - 3", "the number 3"},
                {"12 / 3 / 2", "the number 2"},
                {"2 + 3 % 2", "the number 3"},
                {"'a' || 'b' = 'ab'", "true"},
                {"1 < 2 = true", "true"},
                {"false OR true AND false", "false"},
                {"true OR true AND false", "true"},
                {"NOT (1 = 1)", "false"},
                // math functions
                {"abs(-2.5)", "the number 2.5"},
                {"exp(0)", "the number 1"},
                {"power(2, 10)", "the number 1024"},
                {"square(-3)", "the number 9"},
                {"ceiling(1.2)", "the number 2"},
                {"floor(-1.2)", "the number -2"},
                {"sign(-5)", "the number -1"},
                {"sign(0)", "the number 0"},
                {"sqrt(16)", "the number 4"},
                {"sqrt(-1)", UNDEFINED},
                {"is_defined(abs(3 / 0))", "true"},
                {"exp(4000) = 3 / 0", "true"},
                {"sign(3 / 0) = 1", "true"},
                {"sign(-3 / 0) = -1", "true"},
                {"is_defined(exp(3 % 0))", "false"},
                {"is_defined(sqrt(3 / 0))", "true"},
                // type functions
                {"as_number('12.5')", "the number 12.5"},
                {"as_number(' -1e3 ')", "the number -1000"},
                {"as_number(7)", "the number 7"},
                {"as_number('abc')", UNDEFINED},
                {"as_number('NaN')", UNDEFINED},
                {"AS_NUMBER('10e1000') = 10e1000", "true"},
                {"AS_NUMBER('10e1000') = 1 / 0", "true"},
                {"is_defined(10e1000)", "true"},
                {"is_number(3 / 0)", "false"},
                {"is_null(3 / 0)", "false"},
                {"is_bool(false)", "true"},
                {"is_bool('false')", "false"},
                {"is_defined(status)", "true"},
                {"is_defined(missing)", "false"},
                {"is_defined(null)", "true"},
                {"is_null(null)", "true"},
                {"is_null(missing)", "false"},
                {"is_number(1)", "true"},
                {"is_number(temperature)", "false"},
                {"is_string(temperature)", "true"},
                {"is_string(missing)", "false"},
                // string functions
                {"concat('a', 'b')", "the string 'ab'"},
                {"concat('a', 'b', 'c', 'd')", "the string 'abcd'"},
                {"length('hello')", "the number 5"},
                {"lower('MiXed')", "the string 'mixed'"},
                {"upper('MiXed')", "the string 'MIXED'"},
                {"substring('hello', 1)", "the string 'ello'"},
                {"substring('hello', 1, 3)", "the string 'ell'"},
                {"substring('hello', 5)", "the string ''"},
                {"substring('hello', 0, 5)", "the string 'hello'"},
                {"substring('hello', 6)", UNDEFINED},
                {"substring('hello', 3, 3)", UNDEFINED},
                {"substring('hello', -1)", UNDEFINED},
                {"substring('hello', 1.5)", UNDEFINED},
                {"index_of('hello', 'l')", "the number 2"},
                {"index_of('hello', 'z')", "the number -1"},
                {"starts_with('hello', 'he')", "true"},
                {"starts_with('hello', 'lo')", "false"},
                {"ends_with('hello', 'lo')", "true"},
                {"ends_with('hello', 'he')", "false"},
                {"contains('hello', 'ell')", "true"},
                {"contains('hello', 'xyz')", "false"},
                {"contains(missing, 'x')", UNDEFINED},
                {"UPPER('a')", "the string 'A'"},
                // properties
                {"status", "the string 'active'"},
                {"mixed", "the string 'Case'"},
                {"$connectionDeviceId", "the string 'sensor-1'"},
                {"$CONNECTIONMODULEID", "the string 'filter'"},
                {"{$outputName}", "the string 'out1'"},
                {"$contentType = 'application/json' AND status = 'active'", "true"},
                {"$messageId", UNDEFINED},
                {"as_number(temperature) > 20", "true"},
                {"NOT (status = 'x') AND status = 'active'", "true"},
                {"$body.weather.temperature", "the number 21.5"},
                {"$body.weather.temperature = 21.5 AND $body.weather.enabled", "true"},
                {"$body.weather.history[0].month", "the string 'Feb'"},
                {"$body.weather.history[1].temperature + 1", "the number 31"},
                {"length($body.weather.city) = 4", "true"},
                {"$body.weather.none", "null"},
                {"is_null($body.weather.none)", "true"},
                {"$body.weather", UNDEFINED},
                {"$body.weather.history", UNDEFINED},
                {"$body.weather.history[5].month", UNDEFINED},
                {"$body.weather.missing", UNDEFINED},
                {"{$body.weather.city}", "the string 'Oslo'"},
        });
    }

    @Parameter(0)
    public String condition;

    @Parameter(1)
    public String expected;

    @Test
    public void evaluates() {
        String result = Conditions.evaluate(condition, Conditions.jsonMessage().build());

        assertThat(result, expected.equals(UNDEFINED) ? startsWith("undefined: ") : is(expected));
    }
}
