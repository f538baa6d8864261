package io.strata.edgehub.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.ClientTransport;
import io.strata.api.routing.DeliveryReceipt;
import io.strata.api.routing.Endpoint;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A route sink {@code BrokeredEndpoint("/modules/{moduleId}/inputs/{input}")}: one input of a module
 * of this node, reached through whichever transport the module listens on now.
 */
final class BrokeredEndpoint implements Endpoint {

    private final ModuleInput target;
    private final Supplier<String> nodeDeviceId;
    private final Supplier<Collection<ClientTransport>> transports;

    BrokeredEndpoint(ModuleInput target, Supplier<String> nodeDeviceId,
            Supplier<Collection<ClientTransport>> transports) {
        this.target = target;
        this.nodeDeviceId = nodeDeviceId;
        this.transports = transports;
    }

    @Override
    public String id() {
        return BrokeredEndpointFactory.SINK_NAME + "(\"" + target.argument() + "\")";
    }

    @Override
    public boolean isReady() {
        return Transports.listening(transports.get(), module()).isPresent();
    }

    /**
     * Delivers the message with its {@code inputName} set; fails, so that the router keeps it, while
     * the module does not listen.
     */
    @Override
    public CompletionStage<Void> deliver(Message message) {
        IdentityId module = module();
        return Transports.listening(transports.get(), module)
                .map(transport -> transport.deliverToInput(module, target.input(), toInput(message)))
                .orElseGet(() -> CompletableFuture.failedFuture(notListening(module)));
    }

    /** As {@link #deliver(Message)}, the batch in one call to the module's transport. */
    @Override
    public void deliver(List<Message> batch, DeliveryReceipt receipt) {
        IdentityId module = module();
        Optional<ClientTransport> transport = Transports.listening(transports.get(), module);
        if (transport.isEmpty()) {
            IllegalStateException failure = notListening(module);
            for (int index = 0; index < batch.size(); index++) {
                receipt.failed(index, failure);
            }
            return;
        }
        Message[] toInput = new Message[batch.size()];
        for (int index = 0; index < toInput.length; index++) {
            toInput[index] = toInput(batch.get(index));
        }
        transport.get().deliverToInput(module, target.input(), List.of(toInput), receipt);
    }

    /** The window of the transport the module listens on now. */
    @Override
    public int maxInFlight() {
        IdentityId module = module();
        return Transports.listening(transports.get(), module).map(transport -> transport.maxInFlight(module))
                .orElse(DEFAULT_MAX_IN_FLIGHT);
    }

    @Override
    public String toString() {
        return id();
    }

    private Message toInput(Message message) {
        return message.toBuilder().inputName(target.input()).build();
    }

    private static IllegalStateException notListening(IdentityId module) {
        return new IllegalStateException(module + " is not connected, or does not listen for messages on its inputs");
    }

    private IdentityId module() {
        return target.module(nodeDeviceId.get());
    }
}
