package io.strata.amqp.internal.server;

import io.strata.amqp.internal.engine.AmqpClient;
import io.strata.amqp.internal.engine.AmqpConnection;
import io.strata.amqp.internal.engine.AmqpHandler;
import io.strata.amqp.internal.engine.IncomingDeliveries;
import io.strata.amqp.internal.engine.OutgoingDeliveries;
import io.strata.amqp.internal.protocol.BatchedMessages;
import io.strata.amqp.internal.protocol.ProtonMessages;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/** A blocking AMQP client for the tests, built on the engine driver the upstream link uses too. */
final class TestClient implements AutoCloseable {

    static final long WAIT_SECONDS = 10;

    /** A message the client received, with its delivery to settle. */
    record Received(Message message, Delivery delivery) {
    }

    /** One attached (or refused) link. */
    static final class LinkHandle {
        Link link;
        final CompletableFuture<ErrorCondition> attached = new CompletableFuture<>();
        final CompletableFuture<ErrorCondition> closed = new CompletableFuture<>();
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        /** Null once attached; the refusal's condition otherwise. */
        ErrorCondition attachResult() throws Exception {
            return attached.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        Received next() throws InterruptedException {
            Received next = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("Nothing received on " + link.getName());
            }
            return next;
        }
    }

    private final AmqpClient client = new AmqpClient();
    private final CompletableFuture<Sasl.SaslOutcome> saslOutcome = new CompletableFuture<>();
    private final AtomicInteger names = new AtomicInteger();
    private AmqpConnection connection;
    private Session session;

    static TestClient connect(int port, SSLContext tls, String mechanism, String user, String password)
            throws Exception {
        TestClient client = new TestClient();
        client.open(port, tls, mechanism, user, password);
        return client;
    }

    private void open(int port, SSLContext tls, String mechanism, String user, String password) throws Exception {
        connection = client.connect("127.0.0.1", port, tls, "localhost", new AmqpHandler() {
            @Override
            public void onStart(AmqpConnection amqp) {
                Sasl sasl = amqp.transport().sasl();
                sasl.client();
                if (mechanism.equals("PLAIN")) {
                    sasl.plain(user, password);
                } else {
                    sasl.setMechanisms(mechanism);
                }
                amqp.connection().setHostname("localhost");
                amqp.connection().setContainer("test-client");
                amqp.connection().open();
                session = amqp.connection().session();
                session.open();
            }

            @Override
            public void onConnectionRemoteOpen(Event event) {
                Sasl sasl = event.getTransport() == null ? null : event.getTransport().sasl();
                saslOutcome.complete(sasl == null ? Sasl.SaslOutcome.PN_SASL_OK : sasl.getOutcome());
            }

            @Override
            public void onTransportClosed(Event event) {
                saslOutcome.complete(event.getTransport().sasl().getOutcome());
            }

            @Override
            public void onLinkRemoteOpen(Event event) {
                Link link = event.getLink();
                LinkHandle handle = (LinkHandle) link.getContext();
                boolean hasTerminus = link instanceof Sender ? link.getRemoteTarget() != null : link.getRemoteSource() != null;
                if (hasTerminus) {
                    handle.attached.complete(null);
                }
            }

            @Override
            public void onLinkRemoteClose(Event event) {
                Link link = event.getLink();
                LinkHandle handle = (LinkHandle) link.getContext();
                ErrorCondition condition = link.getRemoteCondition() == null ? new ErrorCondition()
                        : link.getRemoteCondition();
                handle.attached.complete(condition);
                handle.closed.complete(condition);
                link.close();
            }

            @Override
            public void onDelivery(Event event) {
                Delivery delivery = event.getDelivery();
                if (delivery.getLink() instanceof Receiver receiver) {
                    byte[] bytes = IncomingDeliveries.read(delivery);
                    if (bytes != null) {
                        ((LinkHandle) receiver.getContext()).received.add(
                                new Received(ProtonMessages.decode(bytes), delivery));
                        IncomingDeliveries.replenish(receiver, 10);
                    }
                }
            }
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Completes once the connection's socket is closed, whoever closed it. */
    CompletableFuture<Void> closed() {
        return connection.closeFuture();
    }

    /** The SASL outcome, once the server opened the connection or closed it. */
    Sasl.SaslOutcome saslOutcome() throws Exception {
        return saslOutcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A sender link to {@code address}, asking for the capabilities given. */
    LinkHandle sender(String address, Symbol... desiredCapabilities) {
        LinkHandle handle = new LinkHandle();
        connection.execute(() -> {
            Sender sender = session.sender("sender-" + names.incrementAndGet());
            if (desiredCapabilities.length > 0) {
                sender.setDesiredCapabilities(desiredCapabilities);
            }
            Target target = new Target();
            target.setAddress(address);
            sender.setTarget(target);
            sender.setSource(new Source());
            sender.setContext(handle);
            handle.link = sender;
            sender.open();
        });
        return handle;
    }

    LinkHandle receiver(String address) {
        LinkHandle handle = new LinkHandle();
        connection.execute(() -> {
            Receiver receiver = session.receiver("receiver-" + names.incrementAndGet());
            Source source = new Source();
            source.setAddress(address);
            receiver.setSource(source);
            receiver.setTarget(new Target());
            receiver.setContext(handle);
            handle.link = receiver;
            receiver.open();
            receiver.flow(10);
        });
        return handle;
    }

    /** Sends unsettled; completes with the server's outcome. */
    CompletableFuture<DeliveryState> send(LinkHandle sender, Message message) {
        byte[] bytes = ProtonMessages.encode(message);
        CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
        connection.execute(() -> OutgoingDeliveries.send((Sender) sender.link, bytes).whenComplete((state, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(state);
            }
        }));
        return outcome;
    }

    /** Sends the messages as one batched transfer, unsettled; completes with the server's outcome. */
    CompletableFuture<DeliveryState> sendBatch(LinkHandle sender, List<Message> messages) {
        byte[] bytes = BatchedMessages.encode(messages.stream().map(ProtonMessages::encode).toList());
        CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
        connection.execute(() -> OutgoingDeliveries.send((Sender) sender.link, bytes, BatchedMessages.FORMAT)
                .whenComplete((state, failure) -> {
                    if (failure != null) {
                        outcome.completeExceptionally(failure);
                    } else {
                        outcome.complete(state);
                    }
                }));
        return outcome;
    }

    void accept(Received received) {
        connection.execute(() -> {
            received.delivery().disposition(Accepted.getInstance());
            received.delivery().settle();
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
