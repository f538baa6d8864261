package io.strata.edgehub.internal.nodes;

import io.strata.api.identity.IdentityId;
import io.strata.api.twin.TwinSection;
import java.util.Optional;

/** A twin's section as nodes exchange it: only once it has one, as version 0 is the empty start. */
final class TwinSections {

    private TwinSections() {
    }

    static Optional<TwinSection> of(IdentityId identity, String section, long version) {
        return version > 0 ? Optional.of(new TwinSection(identity, section, version)) : Optional.empty();
    }
}
