package io.strata.support.internal;

import java.util.Set;

/** The keys of a configuration that its Metatype declares as passwords. */
@FunctionalInterface
interface PasswordKeys {

    /** @param pid a configuration pid, or a factory pid; empty when it has no Metatype */
    Set<String> of(String pid);
}
