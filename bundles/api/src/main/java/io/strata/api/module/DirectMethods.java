package io.strata.api.module;

import io.strata.api.identity.IdentityId;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Invokes direct methods on the devices and modules connected to this node's edge hub, as IoT Hub
 * invokes them on its devices.
 */
@ProviderType
public interface DirectMethods {

    /** The caller of a method that came down from this node's parent. */
    String FROM_UPSTREAM = "upstream";

    /** The caller of a method an operator invoked in this node's shell. */
    String FROM_SHELL = "shell";

    /**
     * Calls a method and waits for the target's answer.
     *
     * @param caller who calls, as the edge hub's metrics name it ({@code from} of
     *        {@code edgehub_direct_methods_total}): the identity of a device or module of this node,
     *        {@link #FROM_UPSTREAM} or {@link #FROM_SHELL}
     * @param payload the request as JSON text
     * @return the target's status and JSON payload; {@link MethodResult#NOT_FOUND} when the target is
     *         not connected or does not listen for methods, {@link MethodResult#TIMEOUT} when it did
     *         not answer within {@code timeout}
     * @throws IllegalArgumentException when the method name or the payload is not valid
     */
    MethodResult invoke(String caller, IdentityId target, String methodName, String payload, Duration timeout);
}
