package io.strata.api.identity;

/** Which of an identity's two credentials, so one can be rolled over while the other stays valid. */
public enum KeySlot {
    PRIMARY,
    SECONDARY
}
