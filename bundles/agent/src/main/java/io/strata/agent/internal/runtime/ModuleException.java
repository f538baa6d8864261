package io.strata.agent.internal.runtime;

/** A module operation that failed; the message names the module and the cause. */
class ModuleException extends Exception {

    ModuleException(String message) {
        super(message);
    }

    ModuleException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
