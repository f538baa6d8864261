package io.strata.routing.internal.lang;

/** Whether a route takes a message and, when it does not, why: for {@code edge:routes-test}. */
public final class MatchResult {
    private static final MatchResult MATCHED = new MatchResult(true, "the source and the condition match");

    private final boolean matched;
    private final String explanation;

    private MatchResult(boolean matched, String explanation) {
        this.matched = matched;
        this.explanation = explanation;
    }

    static MatchResult matched() {
        return MATCHED;
    }

    static MatchResult notMatched(String explanation) {
        return new MatchResult(false, explanation);
    }

    public boolean isMatch() {
        return matched;
    }

    public String explanation() {
        return explanation;
    }

    @Override
    public String toString() {
        return (matched ? "match: " : "no match: ") + explanation;
    }
}
