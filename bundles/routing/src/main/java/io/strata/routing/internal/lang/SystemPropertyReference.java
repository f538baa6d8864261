package io.strata.routing.internal.lang;

import io.strata.api.message.SystemProperty;
import java.util.Optional;

/**
 * {@code $name}: the application property {@code $name} and, when the message has none, the system
 * property IoT Hub calls {@code name}, as IoT Edge's hub looks them up. {@code {$name}} (escaped)
 * reads the system property only.
 */
record SystemPropertyReference(String queryName, boolean escaped, String applicationName, SystemProperty known)
        implements Expression {

    /** Works out once, not per message, which names the reference looks up. */
    SystemPropertyReference(String queryName, boolean escaped) {
        this(queryName, escaped, "$" + queryName, SystemProperty.byQueryName(queryName).orElse(null));
    }

    @Override
    public Value evaluate(MessageContext message) {
        Optional<Value> value = escaped ? Optional.empty() : message.applicationProperty(applicationName);
        if (value.isEmpty()) {
            value = known != null ? message.systemProperty(known) : message.otherSystemProperty(queryName);
        }
        return value.orElseGet(() -> Value.undefined(() -> "$" + queryName + " is undefined because the message has no "
                + (escaped ? "system property" : "application or system property") + " of that name"));
    }

    @Override
    public StaticType type() {
        return StaticType.STRING;
    }
}
