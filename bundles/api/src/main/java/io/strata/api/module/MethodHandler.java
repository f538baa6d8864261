package io.strata.api.module;

/** Answers one direct method invocation; the payload is JSON text. */
@FunctionalInterface
public interface MethodHandler {

    MethodResult invoke(String methodName, String payload);
}
