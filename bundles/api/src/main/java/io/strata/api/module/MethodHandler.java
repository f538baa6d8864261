package io.strata.api.module;

import org.osgi.annotation.versioning.ConsumerType;

/** Answers one direct method invocation; the payload is JSON text. */
@ConsumerType
@FunctionalInterface
public interface MethodHandler {

    MethodResult invoke(String methodName, String payload);
}
