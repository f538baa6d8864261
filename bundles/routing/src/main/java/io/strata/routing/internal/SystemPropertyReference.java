package io.strata.routing.internal;

import io.strata.api.message.SystemProperty;
import java.util.Optional;

/**
 * {@code $name}: the system property IoT Hub calls {@code name} and, when the message has none,
 * the application property {@code $name}, as IoT Hub looks them up. {@code {$name}} (escaped)
 * reads the system property only.
 */
record SystemPropertyReference(String queryName, boolean escaped) implements Expression {

    @Override
    public Value evaluate(MessageContext message) {
        Optional<String> value = SystemProperty.byQueryName(queryName).flatMap(message::systemProperty);
        if (value.isEmpty() && !escaped) {
            value = message.applicationProperty("$" + queryName);
        }
        return value.map(Value::of).orElseGet(() -> Value.undefined("$" + queryName + " is undefined because the message has no "
                + (escaped ? "system property" : "system or application property") + " of that name"));
    }
}
