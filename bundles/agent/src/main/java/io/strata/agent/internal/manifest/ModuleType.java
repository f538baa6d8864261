package io.strata.agent.internal.manifest;

/** What a module is made of. */
public enum ModuleType {
    /** A feature from a feature repository: {@code settings.repository} and {@code settings.feature}. */
    KARAF_FEATURE("karaf-feature"),
    /** One bundle: {@code settings.location}. */
    BUNDLE("bundle");

    private final String text;

    ModuleType(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
