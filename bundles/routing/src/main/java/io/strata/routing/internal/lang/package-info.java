/**
 * The route language of the edge hub: {@code [SELECT *] FROM <source> [WHERE <condition>] INTO <sink>},
 * with the IoT Hub routing query language as condition. {@link io.strata.routing.internal.lang.RouteParser#parse}
 * reads a route; {@link io.strata.routing.internal.lang.Route#matches} decides, and explains, whether it takes a message.
 *
 * <h2>Values and types</h2>
 * A condition computes one of: undefined, null, a boolean, a number (a double; integers, hex and reals
 * are all numbers, and infinities such as {@code 3 / 0} or {@code 10e1000} are numbers too) or a string.
 * Types are checked as IoT Edge's hub compiles a route, never converted implicitly:
 * <ul>
 * <li>When the route is parsed, every operand whose type the route tells must suit its operator or
 * function, or the route is refused at that operator or function ({@code none or true},
 * {@code 3 + 'a'}, {@code starts_with(12.34, 'x')}, {@code 'a' ?? 1}). Literals have their own type,
 * properties are strings (undefined when a message lacks them) and only {@code $body} references are
 * left to run time, where a value of the wrong type makes the result undefined.</li>
 * <li>Application properties ({@code name}) are strings, as IoT Hub sends them, or null; so
 * {@code temperature > 20} is refused: write {@code as_number(temperature) > 20}. Names are looked up
 * ignoring case; an exact match wins.</li>
 * <li>{@code $name} is the application property named {@code $name} when the message has one, else the
 * system property IoT Hub calls {@code name} ({@code $contentType}, {@code $connectionDeviceId}, ...);
 * {@code {$name}} reads the system property only.</li>
 * <li>{@code $body.a.b[0].c} reads a JSON body, but only when {@code $contentType} is
 * {@code application/json} and {@code $contentEncoding} is UTF-8, UTF-16 or UTF-32 (ignoring case);
 * otherwise, or when the path leads nowhere or to an object or array, it is undefined.</li>
 * <li>Arithmetic ({@code * / % + -}) needs numbers, {@code ||} and the string functions need strings
 * (a null property concatenates as the empty string), and NaN ({@code 1 % 0}) is undefined.</li>
 * <li>Comparisons need operands of the same type: numbers by value, strings by UTF-16 code units,
 * {@code false < true}, and null equals null.</li>
 * <li>Undefined propagates through operators and functions. {@code AND} and {@code OR} use
 * three-valued logic ({@code false AND undefined} is false, {@code true OR undefined} is true); null
 * follows IoT Edge's hub: {@code NOT null} is true, {@code null AND x} is null, {@code null OR x} is
 * {@code x}. {@code a ?? b} is {@code a} unless it is undefined. The type checks ({@code is_defined},
 * {@code is_null}, ...) always return a boolean; {@code is_number} is false for infinities.</li>
 * <li>A route takes a message only when its condition is true; false, null, undefined and any
 * other value do not match, and the explanation says which and why.</li>
 * </ul>
 *
 * <h2>Syntax</h2>
 * Keywords, function names and source paths ignore case. Precedence, tightest first, follows Azure
 * IoT Edge: {@code NOT} and unary {@code -}; {@code * / %}; {@code + - ||}; {@code < <= > >=};
 * {@code = != <>}; {@code AND}; {@code OR}; {@code ??}. So {@code NOT a = 'x'} is {@code (NOT a) = 'x'}:
 * write {@code NOT (a = 'x')}. Names may contain {@code -} and {@code .} as IoT Hub names do, so
 * {@code a-1} is a name; put spaces around a minus.
 */
package io.strata.routing.internal.lang;
