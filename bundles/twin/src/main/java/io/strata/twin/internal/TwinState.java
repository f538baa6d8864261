package io.strata.twin.internal;

/** Both sections of one twin. */
record TwinState(TwinSection desired, TwinSection reported) {

    static final TwinState EMPTY = new TwinState(TwinSection.EMPTY, TwinSection.EMPTY);

    TwinState withDesired(TwinSection section) {
        return new TwinState(section, reported);
    }

    TwinState withReported(TwinSection section) {
        return new TwinState(desired, section);
    }
}
