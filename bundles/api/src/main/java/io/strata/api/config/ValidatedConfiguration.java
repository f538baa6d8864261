package io.strata.api.config;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Reads a component's Config Admin properties into its configuration annotation (the one its
 * metatype describes), checking every value before the component sees any: numbers must parse and
 * lie in their {@link Range}, booleans must say {@code true} or {@code false}, enums must name a
 * constant. A key that is missing or blank takes the annotation's default. Each element reads the
 * property of its own name, mapped as Declarative Services maps it: a low line stands for a full stop
 * ({@code _secret()} reads {@code .secret}, a private property) and a double low line for one low line.
 *
 * <p>A component reads its configuration with {@link #readAtStart} when it activates: a bad key is
 * logged and takes its default, so the node comes up. It reads a changed one with
 * {@link #readChange} in its {@code @Modified} method: a bad file is logged and refused whole, and the
 * component keeps running on its previous settings. (It cannot leave that to SCR: SCR logs an
 * exception thrown by {@code @Modified} and carries on with the new properties.)
 */
public final class ValidatedConfiguration {

    /** Where Karaf's fileinstall names the file a configuration comes from. */
    static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private ValidatedConfiguration() {
    }

    /**
     * The configuration of {@code pid} as {@code type}.
     *
     * @throws InvalidConfigurationException naming the source, and every bad key with its value
     */
    public static <C> C read(Class<C> type, String pid, Map<String, ?> properties) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Method element : type.getDeclaredMethods()) {
            Object raw = properties.get(key(element));
            try {
                values.put(element.getName(), coerce(element, raw));
            } catch (IllegalArgumentException e) {
                problems.add(key(element) + " = " + display(raw) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(source(pid, properties), problems);
        }
        return proxy(type, values);
    }

    /**
     * The configuration a component starts with: a bad key is logged as an error naming the file, the
     * key and the value, and takes its default.
     *
     * @param component what the log line names as starting with defaults, "The MQTT broker" say
     */
    public static <C> C readAtStart(Class<C> type, String pid, Map<String, ?> properties, Logger log, String component) {
        return readOrDefaults(type, pid, properties,
                refused -> log.error("{}. {} starts with the defaults of these keys.", refused.getMessage(), component));
    }

    /**
     * A changed configuration, or nothing when it holds a bad value: then the refusal is logged as an
     * error naming the file, the key and the value, and the component is to keep its previous settings.
     *
     * @param component what the log line names as keeping its previous settings, "The MQTT broker" say
     */
    public static <C> Optional<C> readChange(Class<C> type, String pid, Map<String, ?> properties, Logger log,
            String component) {
        try {
            return Optional.of(read(type, pid, properties));
        } catch (InvalidConfigurationException refused) {
            log.error("{}. {} keeps its previous settings.", refused.getMessage(), component);
            return Optional.empty();
        }
    }

    /** Like {@link #read}, but a bad key takes its default; the problems, if any, go to {@code refused} first. */
    static <C> C readOrDefaults(Class<C> type, String pid, Map<String, ?> properties,
            Consumer<InvalidConfigurationException> refused) {
        try {
            return read(type, pid, properties);
        } catch (InvalidConfigurationException e) {
            refused.accept(e);
            Map<String, Object> usable = new LinkedHashMap<>(properties);
            for (Method element : type.getDeclaredMethods()) {
                try {
                    coerce(element, properties.get(key(element)));
                } catch (IllegalArgumentException bad) {
                    usable.remove(key(element));
                }
            }
            return read(type, pid, usable);
        }
    }

    /**
     * The file of {@code pid}'s configuration: the one fileinstall read it from, or else where Karaf
     * keeps it ({@code etc/<pid>.cfg}); the PID itself outside Karaf. A component that also reads
     * another PID (the node's) sees that one's file name in its properties, hence the check.
     */
    static String source(String pid, Map<String, ?> properties) {
        String fileName = pid + ".cfg";
        Object file = properties.get(FILE_PROPERTY);
        if (file != null) {
            String path = file.toString().startsWith("file:") ? Path.of(URI.create(file.toString())).toString()
                    : file.toString();
            if (path.endsWith(fileName)) {
                return path;
            }
        }
        String etc = System.getProperty("karaf.etc");
        return etc == null ? "configuration " + pid : Path.of(etc, fileName).toString();
    }

    private static Object coerce(Method element, Object raw) {
        Class<?> type = element.getReturnType();
        if (raw == null || (raw instanceof String text && text.isBlank() && type != String.class)) {
            return element.getDefaultValue();
        }
        if (type == String.class) {
            return raw.toString();
        }
        if (type == String[].class) {
            return strings(raw);
        }
        if (type == boolean.class) {
            return bool(raw);
        }
        if (type.isEnum()) {
            return constant(type, raw);
        }
        if (type == int.class || type == long.class || type == double.class) {
            return number(element, raw);
        }
        throw new IllegalStateException(element + ": configuration elements of type " + type + " are not supported");
    }

    private static String[] strings(Object raw) {
        if (raw instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toArray(String[]::new);
        }
        if (raw.getClass().isArray()) {
            String[] values = new String[Array.getLength(raw)];
            Arrays.setAll(values, i -> String.valueOf(Array.get(raw, i)));
            return values;
        }
        return new String[] {raw.toString()};
    }

    private static boolean bool(Object raw) {
        if (raw instanceof Boolean value) {
            return value;
        }
        String text = raw.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("not true or false");
    }

    private static Object constant(Class<?> type, Object raw) {
        String name = raw.toString().trim();
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("not one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static Object number(Method element, Object raw) {
        BigDecimal value;
        try {
            value = raw instanceof Number number ? new BigDecimal(number.toString()) : new BigDecimal(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
        Range range = element.getAnnotation(Range.class);
        if (range != null && Double.isFinite(range.min()) && value.compareTo(BigDecimal.valueOf(range.min())) < 0) {
            throw new IllegalArgumentException("less than " + plain(range.min()));
        }
        if (range != null && Double.isFinite(range.max()) && value.compareTo(BigDecimal.valueOf(range.max())) > 0) {
            throw new IllegalArgumentException("more than " + plain(range.max()));
        }
        Class<?> type = element.getReturnType();
        if (type == double.class) {
            return value.doubleValue();
        }
        try {
            if (type == int.class) {
                return value.intValueExact();
            }
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number in the range of " + type);
        }
    }

    private static String plain(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static String key(Method element) {
        return element.getName().replace("__", "\0").replace('_', '.').replace('\0', '_');
    }

    private static String display(Object raw) {
        if (raw != null && raw.getClass().isArray()) {
            return Arrays.toString(strings(raw));
        }
        return String.valueOf(raw);
    }

    @SuppressWarnings("unchecked")
    private static <C> C proxy(Class<C> type, Map<String, Object> values) {
        return (C) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Values(type, values));
    }

    /**
     * The elements of one read configuration. Two reads holding the same values are equal, so a component
     * can tell a change of its own settings from a change of another component's keys in a shared file.
     */
    private record Values(Class<?> type, Map<String, Object> values) implements InvocationHandler {

        @Override
        public Object invoke(Object self, Method method, Object[] args) {
            String name = method.getName();
            if (values.containsKey(name)) {
                Object value = values.get(name);
                return value instanceof String[] array ? array.clone() : value;
            }
            return switch (name) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + values;
                case "hashCode" -> values.entrySet().stream()
                        .mapToInt(entry -> entry.getKey().hashCode() ^ Arrays.deepHashCode(new Object[] {entry.getValue()}))
                        .sum();
                case "equals" -> args[0] != null && Proxy.isProxyClass(args[0].getClass())
                        && Proxy.getInvocationHandler(args[0]) instanceof Values other && sameAs(other);
                default -> throw new UnsupportedOperationException(name);
            };
        }

        private boolean sameAs(Values other) {
            return type == other.type && values.keySet().equals(other.values.keySet()) && values.entrySet().stream()
                    .allMatch(entry -> Objects.deepEquals(entry.getValue(), other.values.get(entry.getKey())));
        }
    }
}
