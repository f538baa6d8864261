package io.strata.amqp.internal.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.strata.api.transport.LoopbackTlsRelay;
import io.strata.api.transport.TunnelPeer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Proton-J engine (connection, transport, collector) inside one Netty channel: bytes read go
 * into the transport, the collector's events go to the {@link AmqpHandler}, and what the transport
 * then has to say is written to the channel. Every proton object of the connection is touched on
 * the channel's event loop only: other threads hand work in with {@link #execute}.
 */
public final class AmqpConnection {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);
    private static final long TICK_MILLIS = 1000;
    private static final int MAX_REASON_CHARS = 120;
    private static final int MAX_TASKS_PER_RUN = 4096;

    private final Channel channel;
    private final AmqpHandler handler;
    private final Connection connection = Proton.connection();
    private final Transport transport = Proton.transport();
    private final Collector collector = Proton.collector();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean tasksScheduled = new AtomicBoolean();
    private boolean started;
    private boolean pumping;
    private Throwable failure;
    private ScheduledFuture<?> ticker;
    private boolean authenticated;
    private boolean warned;
    /** Runs once, when the peer authenticated or the connection ended before it did. */
    private Runnable leavesUnauthenticated = () -> {
    };
    private ScheduledFuture<?> authenticationDeadline;

    AmqpConnection(Channel channel, AmqpHandler handler) {
        this.channel = channel;
        this.handler = handler;
        connection.collect(collector);
    }

    /** The proton connection: open it, make sessions and links on it (on the event loop only). */
    public Connection connection() {
        return connection;
    }

    /** The proton transport: SASL, idle timeout, frame size (on the event loop only). */
    public Transport transport() {
        return transport;
    }

    /**
     * Runs {@code task} on this connection's event loop, then writes what it made proton send. Tasks
     * handed in while the loop is busy run together and their output goes out in one flush: the
     * outcomes of a whole store commit cost one write, not one each.
     */
    public void execute(Runnable task) {
        tasks.add(task);
        if (tasksScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::runTasks);
            } catch (RejectedExecutionException e) {
                tasks.remove(task);
                tasksScheduled.set(false);
                throw e;
            }
        }
    }

    private void runTasks() {
        // cleared first: a task handed in from now on schedules another run, so none is left behind
        tasksScheduled.set(false);
        Runnable task;
        for (int run = 0; run < MAX_TASKS_PER_RUN && (task = tasks.poll()) != null; run++) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("A task on the AMQP connection with {} failed", remoteAddress(), e);
            }
        }
        pump();
        if (!tasks.isEmpty() && tasksScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::runTasks); // the socket's reads get their turn in between
        }
    }

    /** Runs {@code task} on the event loop after {@code delay}, then writes what it made proton send. */
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return channel.eventLoop().schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("A scheduled task on the AMQP connection with {} failed", remoteAddress(), e);
            }
            pump();
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the calling thread is this connection's event loop. */
    public boolean inEventLoop() {
        return channel.eventLoop().inEventLoop();
    }

    /** Whether the socket is still open. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /** Completes once the socket is closed, whoever closed it. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    /** The client's address; for a connection relayed from the WebSocket listener, the client's there. */
    public SocketAddress remoteAddress() {
        return tunnelPeer().<SocketAddress>map(TunnelPeer::remoteAddress).orElseGet(channel::remoteAddress);
    }

    /**
     * The certificate chain the peer presented in the TLS handshake, leaf first; empty if none. For a
     * connection relayed from the WebSocket listener, the chain the client presented there.
     */
    public List<X509Certificate> peerCertificates() {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return List.of();
        }
        SSLSession session = tunnelPeer().map(TunnelPeer::tlsSession).orElseGet(() -> ssl.engine().getSession());
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    private Optional<TunnelPeer> tunnelPeer() {
        return channel.remoteAddress() instanceof InetSocketAddress remote
                && channel.localAddress() instanceof InetSocketAddress local
                ? LoopbackTlsRelay.relayedPeer(remote, local.getPort()) : Optional.empty();
    }

    /**
     * Closes the AMQP connection (with {@code condition} if not null) and then the socket. Safe from
     * any thread.
     */
    public void close(org.apache.qpid.proton.amqp.transport.ErrorCondition condition) {
        execute(() -> {
            if (condition != null) {
                connection.setCondition(condition);
            }
            connection.close();
        });
        // A peer that never answers the close frame does not keep the socket open.
        channel.eventLoop().schedule(() -> channel.close(), 2, TimeUnit.SECONDS);
    }

    /**
     * Tells the connection that its peer authenticated: it no longer counts against the listener's
     * unauthenticated connections, nor ends at their deadline. On the event loop only.
     */
    public void authenticated() {
        if (!authenticated) {
            authenticated = true;
            if (authenticationDeadline != null) {
                authenticationDeadline.cancel(false);
            }
            releaseUnauthenticated();
        }
    }

    private void releaseUnauthenticated() {
        Runnable release = leavesUnauthenticated;
        leavesUnauthenticated = () -> {
        };
        release.run();
    }

    /**
     * Ends the connection unless its peer authenticates within {@code timeout} of now, whatever
     * stage it stalls in. {@code release} runs once, when it authenticated or ended. On the event loop.
     */
    void requireAuthenticationWithin(Duration timeout, Runnable release) {
        leavesUnauthenticated = release;
        authenticationDeadline = channel.eventLoop().schedule(() -> {
            if (!authenticated && channel.isActive()) {
                warnOnce("not authenticated within " + timeout.toSeconds() + " s, stalled in " + stage());
                channel.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How far an unauthenticated peer got. */
    private String stage() {
        if (!started) {
            return "the TLS handshake";
        }
        return transport.sasl().getOutcome() == org.apache.qpid.proton.engine.Sasl.SaslOutcome.PN_SASL_NONE
                ? "SASL" : "the CBS put-token";
    }

    /**
     * Says once per connection why it failed, in one line: anyone can send garbage, and a stack trace
     * for each would flood the log.
     */
    private void warnOnce(String reason) {
        if (!warned) {
            warned = true;
            LOG.warn("AMQP connection with {} closed: {}", remoteAddress(), reason);
        }
    }

    /**
     * The innermost cause, which names the problem (Netty and TLS only wrap it), cut short: TLS quotes
     * offending bytes in hex, Proton whole exceptions.
     */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return brief(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }

    private static String brief(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
    }

    /** Drops the socket at once, without AMQP close frames. */
    public void abort() {
        channel.close();
    }

    /** Dispatches pending events and writes pending output; re-entrant calls return at once. */
    void pump() {
        if (pumping || !started) {
            return;
        }
        pumping = true;
        try {
            do {
                Event event;
                while ((event = collector.peek()) != null) {
                    dispatch(event);
                    collector.pop();
                }
                writeOutput();
            } while (collector.peek() != null);
        } finally {
            pumping = false;
        }
    }

    private void dispatch(Event event) {
        switch (event.getType()) {
            case DELIVERY -> {
                Delivery delivery = event.getDelivery();
                if (delivery.getLink() instanceof Sender sender && OutgoingDeliveries.has(sender)) {
                    OutgoingDeliveries.of(sender).updated(delivery);
                }
            }
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH, LINK_FINAL -> failDeliveries(event.getLink(),
                    "the link " + event.getLink().getName() + " closed" + describe(event.getLink()));
            default -> {
            }
        }
        try {
            event.dispatch(handler);
        } catch (RuntimeException e) {
            LOG.warn("The AMQP handler failed on {} from {}", event.getType(), remoteAddress(), e);
        }
    }

    private static String describe(Link link) {
        var condition = link.getRemoteCondition();
        return condition == null || condition.getCondition() == null ? ""
                : ": " + condition.getCondition() + (condition.getDescription() == null ? "" : " " + condition.getDescription());
    }

    private void failDeliveries(Link link, String reason) {
        if (link instanceof Sender && OutgoingDeliveries.has(link)) {
            OutgoingDeliveries.of(link).failAll(reason);
        }
    }

    private void writeOutput() {
        boolean wrote = false;
        int pending;
        while ((pending = transport.pending()) > 0) {
            ByteBuffer head = transport.head();
            ByteBuf buffer = channel.alloc().buffer(pending);
            ByteBuffer bytes = head.duplicate();
            bytes.limit(bytes.position() + pending);
            buffer.writeBytes(bytes);
            transport.pop(pending);
            channel.write(buffer);
            wrote = true;
        }
        if (pending < 0) {
            // The transport said all it will say (a close frame, or an error): the socket goes too.
            var error = transport.getCondition();
            // A socket that closed first leaves a "connection aborted" condition: the peer just left.
            if (channel.isActive() && error != null && error.getCondition() != null) {
                warnOnce("AMQP protocol error: " + brief(error.getCondition()
                        + (error.getDescription() == null ? "" : " " + error.getDescription())));
            }
            channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (wrote) {
            channel.flush();
        }
    }

    private void start() {
        transport.bind(connection);
        started = true;
        try {
            handler.onStart(this);
        } catch (RuntimeException e) {
            LOG.warn("The AMQP handler could not start the connection with {}", remoteAddress(), e);
            channel.close();
            return;
        }
        ticker = channel.eventLoop().scheduleAtFixedRate(() -> {
            transport.tick(System.currentTimeMillis());
            pump();
        }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        pump();
    }

    private void read(ByteBuf buffer) {
        try {
            while (buffer.isReadable()) {
                int capacity = transport.capacity();
                if (capacity < 0) {
                    // The transport reads nothing more (it closed); drop what the peer still sends.
                    break;
                }
                if (capacity == 0) {
                    pump();
                    if (transport.capacity() == 0) {
                        break;
                    }
                    continue;
                }
                ByteBuffer tail = transport.tail();
                int length = Math.min(tail.remaining(), buffer.readableBytes());
                tail.limit(tail.position() + length);
                buffer.readBytes(tail);
                TransportResult result = transport.processInput();
                if (!result.isOk()) {
                    warnOnce("malformed AMQP input: " + result.getErrorDescription());
                }
                pump();
            }
        } finally {
            buffer.release();
        }
        pump();
    }

    private void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (started) {
            transport.close_tail();
            pump();
            for (Link link = connection.linkHead(null, null); link != null; link = link.next(null, null)) {
                failDeliveries(link, "the connection closed");
            }
            try {
                handler.onStop(this, failure);
            } catch (RuntimeException e) {
                LOG.warn("The AMQP handler failed when the connection with {} closed", remoteAddress(), e);
            }
            transport.unbind();
        }
        closed.complete(null);
    }

    /** The Netty side: installed after TLS in the channel's pipeline. */
    final class ChannelBridge extends ChannelInboundHandlerAdapter {

        private final CompletableFuture<AmqpConnection> ready;

        ChannelBridge(CompletableFuture<AmqpConnection> ready) {
            this.ready = ready;
        }

        /** Called once the TLS handshake succeeded. */
        void handshaken() {
            start();
            ready.complete(AmqpConnection.this);
        }

        /** The TLS handshake failed: nothing AMQP happened yet. */
        void handshakeFailed(Throwable cause) {
            failure = cause;
            // A socket that closed or never connected has nothing to add: a peer that left without a
            // word, or a refused connection, which the client side reports itself.
            if (channel.isActive()) {
                warnOnce("TLS handshake failed: " + describe(cause));
            }
            ready.completeExceptionally(cause);
            channel.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof ByteBuf buffer) {
                if (started) {
                    read(buffer);
                } else {
                    buffer.release();
                }
            } else {
                context.fireChannelRead(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            releaseUnauthenticated();
            ready.completeExceptionally(failure != null ? failure
                    : new java.io.IOException("The connection closed before the TLS handshake completed"));
            stop();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            warnOnce(describe(cause));
            LOG.debug("AMQP connection with {} failed", remoteAddress(), cause);
            context.close();
        }
    }
}
