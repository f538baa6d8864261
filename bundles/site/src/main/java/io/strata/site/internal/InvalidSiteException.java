package io.strata.site.internal;

import java.nio.file.Path;
import java.util.List;

/** A site file that cannot be built, with every problem found in it; nothing was changed. */
final class InvalidSiteException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidSiteException(Path file, List<String> problems) {
        super(file + " is refused, nothing was changed:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
