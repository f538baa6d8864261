package io.strata.edgehub.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.ClientTransport;
import io.strata.api.module.MethodResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A transport that serves the clients it is told to, and records what it is handed. */
final class FakeTransport implements ClientTransport {

    record Sent(IdentityId target, String what, Message message) {
    }

    private final String name;
    private final Set<IdentityId> connected;
    private final Set<IdentityId> listening;
    final List<Sent> sent = new CopyOnWriteArrayList<>();

    FakeTransport(String name, Set<IdentityId> connected, Set<IdentityId> listening) {
        this.name = name;
        this.connected = connected;
        this.listening = listening;
    }

    static FakeTransport serving(String name, IdentityId... clients) {
        return new FakeTransport(name, Set.of(clients), Set.of(clients));
    }

    @Override
    public boolean isConnected(IdentityId client) {
        return connected.contains(client);
    }

    @Override
    public boolean listensForInputs(IdentityId module) {
        return listening.contains(module);
    }

    @Override
    public CompletionStage<Void> deliverToInput(IdentityId module, String input, Message message) {
        sent.add(new Sent(module, "input " + input, message));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public MethodResult invokeMethod(IdentityId target, String methodName, String payload, Duration timeout) {
        return new MethodResult(200, "\"" + name + " called " + methodName + " on " + target + "\"");
    }

    @Override
    public void sendToDevice(IdentityId device, Message message) {
        sent.add(new Sent(device, "device", message));
    }
}
