package io.strata.amqp.internal.upstream;

import io.strata.amqp.internal.engine.AmqpClient;
import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.node.UpstreamLink;
import io.strata.api.node.UpstreamStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link to the parent for one configuration: keeps one {@link ParentSession} of the configured
 * protocol connected, and after every failure connects again after the {@link Backoff}.
 */
final class Upstream implements UpstreamLink, ParentSession.Events {

    private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);

    private final UpstreamSettings settings;
    private final LocalNode local;
    private final LinkStatus status;
    private final Backoff backoff = new Backoff();
    // the AMQP sessions' Netty event loop; MQTT sessions bring their own client
    private final AmqpClient client;
    private final Function<ParentSession.Events, ParentSession> sessions;
    // one thread: reconnects, and the local effects of the parent's messages in the order they came
    private final ScheduledThreadPoolExecutor work = new ScheduledThreadPoolExecutor(1,
            runnable -> new Thread(runnable, "strata-upstream"));
    // method calls wait for their target, so they must not hold up the rest
    private final ExecutorService calls = Executors.newCachedThreadPool(
            runnable -> new Thread(runnable, "strata-upstream-methods"));
    private final AtomicReference<ParentSession> current = new AtomicReference<>();
    private volatile boolean stopped;

    /**
     * @param tls   the TLS context for each attempt, asked anew so a renewed certificate store is used
     * @param token null when the node authenticates with a client certificate in {@code tls}
     */
    Upstream(UpstreamSettings settings, Supplier<SSLContext> tls, UpstreamToken token, LocalNode local, Clock clock) {
        this.settings = settings;
        this.local = local;
        this.status = new LinkStatus(settings, clock);
        if (settings.protocol().equals(UpstreamSettings.MQTT)) {
            client = null;
            sessions = events -> new MqttUpstreamSession(settings, token, local, work, calls, tls, events);
        } else {
            client = new AmqpClient();
            sessions = events -> new UpstreamSession(settings, token, local, work, calls, client, tls, events);
        }
        // a pending reconnect is dropped on stop; registry and twin writes under way finish
        work.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void start() {
        work.execute(this::connect);
    }

    void stop() {
        stopped = true;
        ParentSession session = current.getAndSet(null);
        if (session != null) {
            session.close();
        }
        if (client != null) {
            client.close();
        }
        work.shutdown();
        calls.shutdownNow(); // callers at the parent time out; nobody waits for the answers now
        status.disconnected(null);
    }

    @Override
    public UpstreamStatus status() {
        return status.current();
    }

    boolean isConnected() {
        ParentSession session = current.get();
        return session != null && session.isConnected();
    }

    CompletionStage<Void> sendTelemetry(IdentityId origin, Message message) {
        ParentSession session = current.get();
        if (session == null || !session.isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to the parent "
                    + settings.parentHostname() + (status.current().lastError() == null ? ""
                            : ": " + status.current().lastError())));
        }
        return session.sendTelemetry(origin, message);
    }

    /** A local reported section changed: the parent mirrors it. Sent from the work thread, in order. */
    void reportedChanged(IdentityId identity) {
        if (isConnected()) {
            work.execute(() -> {
                ParentSession session = current.get();
                if (session != null) {
                    local.parent().reportedSection(identity).ifPresent(session::sendReported);
                }
            });
        }
    }

    @Override
    public void connected(ParentSession session) {
        if (current.get() == session) {
            backoff.reset();
            status.connected();
        }
    }

    @Override
    public void lost(ParentSession session, String reason) {
        if (!current.compareAndSet(session, null) || stopped) {
            return;
        }
        status.disconnected(reason);
        Duration wait = backoff.next();
        LOG.warn("No link to the parent {} at {}: {}. Trying again in {} s", settings.parentHostname(),
                settings.endpoint(), reason, wait.toSeconds());
        work.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void connect() {
        if (stopped) {
            return;
        }
        ParentSession session = sessions.apply(this);
        current.set(session);
        status.connecting();
        session.start();
    }

    /** A failure's message, for the status and the log. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
