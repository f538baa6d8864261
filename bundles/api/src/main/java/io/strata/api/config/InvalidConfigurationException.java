package io.strata.api.config;

import java.util.List;

/**
 * A configuration holds values its component cannot use. The message names where the configuration
 * comes from (its file, or else its PID) and, for each bad key, the key, the value and what is
 * wrong with it.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> problems;

    public InvalidConfigurationException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file the configuration comes from, or else its PID. */
    public String source() {
        return source;
    }

    /** One line per bad key, each naming the key and the value. */
    public List<String> problems() {
        return problems;
    }
}
