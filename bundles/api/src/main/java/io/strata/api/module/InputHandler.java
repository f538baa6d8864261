package io.strata.api.module;

import io.strata.api.message.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the messages routed to one input of a module. Returning normally acknowledges the
 * message; throwing leaves it queued for redelivery.
 */
@ConsumerType
@FunctionalInterface
public interface InputHandler {

    void onMessage(Message message) throws Exception;
}
