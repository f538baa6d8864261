package io.strata.routing.internal.lang;

/**
 * What a part of a condition is known to compute before any message arrives, as IoT Hub's compiler
 * types it: literals have their own type, properties are strings (undefined when a message lacks
 * them), and {@code $body} references are known only at run time.
 */
enum StaticType {
    UNDEFINED("undefined"), NULL("null"), BOOLEAN("boolean"), NUMBER("number"), STRING("string"), ANY("any");

    private final String description;

    StaticType(String description) {
        this.description = description;
    }

    static StaticType of(Value value) {
        return switch (value.type()) {
            case UNDEFINED -> UNDEFINED;
            case NULL -> NULL;
            case BOOLEAN -> BOOLEAN;
            case NUMBER -> NUMBER;
            case STRING -> STRING;
        };
    }

    /** Whether a value of this type may stand where {@code required} is: the same type, or one known only at run time. */
    boolean fits(StaticType required) {
        return this == required || this == ANY;
    }

    /**
     * Whether two operands can meet in a comparison or {@code ??}: the same type, or one known only at run
     * time against anything but undefined.
     */
    boolean comparableWith(StaticType other) {
        return this == other || (this == ANY && other != UNDEFINED) || (other == ANY && this != UNDEFINED);
    }

    @Override
    public String toString() {
        return description;
    }
}
