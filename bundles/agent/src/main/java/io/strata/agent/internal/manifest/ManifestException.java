package io.strata.agent.internal.manifest;

/** Desired properties the agent cannot apply, with the status code it reports for them. */
public class ManifestException extends Exception {

    public static final int INVALID = 400;
    public static final int UNSUPPORTED_SCHEMA = 412;
    public static final int EMPTY = 417;

    private final int code;

    public ManifestException(int code, String description) {
        super(description);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
