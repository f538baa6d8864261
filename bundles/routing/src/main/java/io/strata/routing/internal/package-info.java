/**
 * The route language of the edge hub: {@code [SELECT *] FROM <source> [WHERE <condition>] INTO <sink>},
 * with the IoT Hub routing query language as condition. {@link io.strata.routing.internal.RouteParser#parse}
 * reads a route; {@link io.strata.routing.internal.Route#matches} decides, and explains, whether it takes a message.
 *
 * <h2>Values and types</h2>
 * A condition computes one of: undefined, null, a boolean, a number (a finite double; integers, hex
 * and reals are all numbers) or a string. Types are checked when the message is evaluated, never
 * converted implicitly:
 * <ul>
 * <li>Application properties ({@code name}) are strings, as IoT Hub sends them, so
 * {@code temperature > 20} compares a string with a number and is undefined: write
 * {@code as_number(temperature) > 20}. Names are looked up ignoring case; an exact match wins.</li>
 * <li>{@code $name} is the system property IoT Hub calls {@code name} ({@code $contentType},
 * {@code $connectionDeviceId}, ...), falling back to an application property named {@code $name} when
 * the message has no such system property; {@code {$name}} reads the system property only.</li>
 * <li>{@code $body.a.b[0].c} reads a JSON body, but only when {@code $contentType} is
 * {@code application/json} and {@code $contentEncoding} is UTF-8, UTF-16 or UTF-32 (ignoring case);
 * otherwise, or when the path leads nowhere or to an object or array, it is undefined.</li>
 * <li>Arithmetic ({@code * / % + -}) needs numbers, {@code ||} and the string functions need strings,
 * and a result that is not a finite number (division by zero) is undefined.</li>
 * <li>Comparisons need operands of the same type: numbers by value, strings by UTF-16 code units,
 * {@code false < true}, and null equals null. Operands of different types compare as undefined.</li>
 * <li>Undefined propagates through operators and functions. {@code AND} and {@code OR} use
 * three-valued logic ({@code false AND undefined} is false, {@code true OR undefined} is true) and
 * treat non-booleans as undefined. {@code a ?? b} is {@code a} unless it is undefined. The type checks
 * ({@code is_defined}, {@code is_null}, ...) always return a boolean.</li>
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
package io.strata.routing.internal;
