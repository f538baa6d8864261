package io.strata.routing.internal.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Store-wide limits.
 *
 * @param maxBytes how many bytes the stored entries may take together (their encoded size, one copy per endpoint)
 * @param fullPolicy what an append does when the entries would exceed {@code maxBytes}
 * @param defaultTimeToLive how long an entry lives when its route sets no time to live
 */
public record StoreSettings(long maxBytes, FullPolicy fullPolicy, Duration defaultTimeToLive) {

    public StoreSettings {
        Objects.requireNonNull(fullPolicy, "fullPolicy");
        Objects.requireNonNull(defaultTimeToLive, "defaultTimeToLive");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
        }
        if (defaultTimeToLive.isNegative() || defaultTimeToLive.isZero()) {
            throw new IllegalArgumentException("defaultTimeToLive must be positive, not " + defaultTimeToLive);
        }
    }
}
