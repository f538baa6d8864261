package io.strata.api.node;

import java.time.Duration;

/** This node's SAS tokens for its parent, for a {@link ParentSession} that authenticates with one. */
public interface ParentToken {

    /** The resource the tokens are for, {@code {parentHostname}/devices/{deviceId}} (the CBS {@code name}). */
    String audience();

    /** A fresh token. */
    String create();

    /** How long after putting a token to put a new one, well before it runs out. */
    Duration renewAfter();
}
