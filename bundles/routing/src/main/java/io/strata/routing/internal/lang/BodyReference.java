package io.strata.routing.internal.lang;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code $body.a.b[0].c}: a value inside a JSON body. Objects and arrays are undefined, since
 * IoT Hub only queries single values in the body.
 */
final class BodyReference implements Expression {
    static final String PREFIX = "$body.";
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /** One member name or array index along the path. */
    private record Step(String member, int index) {
        String text() {
            return member != null ? "." + member : "[" + index + "]";
        }
    }

    private final String text;
    private final List<Step> steps;

    private BodyReference(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Reads a reference that starts with {@code $body.}; empty if the path after it is malformed. */
    static Optional<BodyReference> parse(String text) {
        List<Step> steps = new ArrayList<>();
        for (String segment : text.substring(PREFIX.length()).split("\\.", -1)) {
            Matcher matcher = SEGMENT.matcher(segment);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            steps.add(new Step(matcher.group(1), -1));
            Matcher index = INDEX.matcher(matcher.group(2));
            while (index.find()) {
                try {
                    steps.add(new Step(null, Integer.parseInt(index.group(1))));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new BodyReference(text, List.copyOf(steps)));
    }

    @Override
    public Value evaluate(MessageContext message) {
        JsonBody body = message.body();
        if (!body.isAvailable()) {
            return undefinedBecause(body.unavailableBecause());
        }
        JsonNode node = body.root();
        for (int index = 0; index < steps.size(); index++) {
            Step step = steps.get(index);
            node = step.member() != null ? node.get(step.member()) : node.get(step.index());
            if (node == null) {
                int missing = index;
                return Value.undefined(() -> text + " is undefined because the body has nothing at " + pathTo(missing));
            }
        }
        return switch (node.getNodeType()) {
            case STRING -> Value.of(node.textValue());
            case NUMBER -> Value.of(node.doubleValue());
            case BOOLEAN -> Value.of(node.booleanValue());
            case NULL -> Value.NULL;
            case OBJECT -> undefinedBecause("it is an object, not a single value");
            case ARRAY -> undefinedBecause("it is an array, not a single value");
            default -> undefinedBecause("it holds no value");
        };
    }

    @Override
    public StaticType type() {
        return StaticType.ANY;
    }

    /** {@code $body} and the steps up to and with the one at {@code last}. */
    private String pathTo(int last) {
        StringBuilder path = new StringBuilder("$body");
        for (int index = 0; index <= last; index++) {
            path.append(steps.get(index).text());
        }
        return path.toString();
    }

    private Value undefinedBecause(String reason) {
        return Value.undefined(() -> text + " is undefined because " + reason);
    }
}
