package io.strata.twin.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.twin.Twin;

/** Both sections of one twin. */
record TwinState(TwinSection desired, TwinSection reported) {

    static final TwinState EMPTY = new TwinState(TwinSection.EMPTY, TwinSection.EMPTY);

    TwinState withDesired(TwinSection section) {
        return new TwinState(section, reported);
    }

    TwinState withReported(TwinSection section) {
        return new TwinState(desired, section);
    }

    Twin toTwin(IdentityId identity) {
        return new Twin(identity, TwinJson.compact(desired.properties()), desired.version(),
                TwinJson.compact(reported.properties()), reported.version());
    }
}
