package io.strata.upstream.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.node.LocalNode;
import io.strata.api.node.ParentSession;
import io.strata.api.node.ParentSessionContext;
import io.strata.api.node.ParentSessionFactory;
import io.strata.api.node.UpstreamLink;
import io.strata.api.node.UpstreamStatus;
import io.strata.api.retry.Backoff;
import io.strata.api.routing.Endpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link to the parent for one configuration: keeps one {@link ParentSession} of the configured
 * protocol connected, and after every failure connects again after the back-off. While no
 * {@link ParentSessionFactory} of the protocol is there, the link stays down and says which feature
 * brings one; it connects once one comes.
 */
final class Upstream implements UpstreamLink, ParentSession.Events {

    private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final UpstreamSettings settings;
    private final LocalNode local;
    private final LinkStatus status;
    private final Supplier<Optional<ParentSessionFactory>> factories;
    private final ParentSessionContext context;
    // one thread: reconnects, and the local effects of the parent's messages in the order they came
    private final ScheduledThreadPoolExecutor work = new ScheduledThreadPoolExecutor(1,
            runnable -> new Thread(runnable, "strata-upstream"));
    // method calls wait for their target, so they must not hold up the rest
    private final ExecutorService calls = Executors.newCachedThreadPool(
            runnable -> new Thread(runnable, "strata-upstream-methods"));
    private final AtomicReference<ParentSession> current = new AtomicReference<>();
    // the work thread's alone
    private ParentSessionFactory currentFactory;
    private int failures;
    private boolean waitingForFactory;
    private volatile boolean stopped;

    /**
     * @param tls       the TLS context for each attempt, asked anew so a renewed certificate store is used
     * @param token     null when the node authenticates with a client certificate in {@code tls}
     * @param factories the session factory of the configured protocol, when one is registered
     */
    Upstream(UpstreamSettings settings, Supplier<SSLContext> tls, UpstreamToken token, LocalNode local, Clock clock,
            Supplier<Optional<ParentSessionFactory>> factories) {
        this.settings = settings;
        this.local = local;
        this.status = new LinkStatus(settings, clock);
        this.factories = factories;
        this.context = new ParentSessionContext(settings.parentHostname(), settings.address(), settings.port(),
                settings.deviceId(), tls, new ParentHostnameVerifier(settings.parentHostname()), token, local, work, calls);
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
        work.shutdown();
        calls.shutdownNow(); // callers at the parent time out; nobody waits for the answers now
        status.disconnected(null);
    }

    /** A session factory came: a link that waited for one connects now. */
    void factoryAdded() {
        onWorkThread(() -> {
            if (waitingForFactory) {
                connect();
            }
        });
    }

    /** A session factory went: the session it made ends, and the link looks for another. */
    void factoryRemoved(ParentSessionFactory factory) {
        onWorkThread(() -> {
            ParentSession session = current.get();
            if (factory == currentFactory && session != null) {
                session.close();
            }
        });
    }

    @Override
    public UpstreamStatus status() {
        return status.current();
    }

    boolean isConnected() {
        ParentSession session = current.get();
        return session != null && session.isConnected();
    }

    /** The window of the session connected now, or the default while there is none. */
    int maxTelemetryInFlight() {
        ParentSession session = current.get();
        return session == null ? Endpoint.DEFAULT_MAX_IN_FLIGHT : session.maxTelemetryInFlight();
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
            onWorkThread(() -> failures = 0);
            status.connected();
        }
    }

    @Override
    public void lost(ParentSession session, String reason) {
        if (!current.compareAndSet(session, null) || stopped) {
            return;
        }
        status.disconnected(reason);
        onWorkThread(() -> {
            Duration wait = BACKOFF.after(++failures);
            LOG.warn("No link to the parent {} at {}: {}. Trying again in {} s", settings.parentHostname(),
                    settings.endpoint(), reason, wait.toSeconds());
            work.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void connect() {
        if (stopped || current.get() != null) {
            return;
        }
        Optional<ParentSessionFactory> factory = factories.get();
        if (factory.isEmpty()) {
            if (!waitingForFactory) {
                LOG.warn("No link to the parent {}: nothing here speaks {} to it. Install the feature {}; the link "
                        + "connects as soon as it runs.", settings.parentHostname(), settings.protocol(),
                        settings.feature());
            }
            waitingForFactory = true;
            status.disconnected("no " + settings.protocol() + " session to the parent: install the feature "
                    + settings.feature());
            return;
        }
        waitingForFactory = false;
        currentFactory = factory.get();
        ParentSession session = currentFactory.create(context, this);
        current.set(session);
        status.connecting();
        session.start();
    }

    private void onWorkThread(Runnable task) {
        ParentSession.execute(work, task);
    }
}
