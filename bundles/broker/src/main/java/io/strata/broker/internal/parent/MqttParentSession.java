package io.strata.broker.internal.parent;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.module.MethodResult;
import io.strata.api.node.LocalNode;
import io.strata.api.node.ParentSession;
import io.strata.api.node.ParentSessionContext;
import io.strata.api.node.ParentToken;
import io.strata.api.twin.TwinSection;
import io.strata.broker.internal.topics.NodeTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection to the parent's broker, as this node's edge device (NODESYNC.md): telemetry of
 * the subtree on its origins' topics, the node topics {@code $strata/nodes/{E}/...} for identities,
 * twin sections, methods and cloud-to-device messages. A SAS token cannot be renewed on an open MQTT
 * connection, so the session ends itself at the token's renewal time and the link connects again.
 */
final class MqttParentSession implements ParentSession, MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(MqttParentSession.class);
    private static final String API_VERSION = "?api-version=2021-04-12";
    private static final int KEEP_ALIVE_SECONDS = 60;
    private static final int CONNECT_TIMEOUT_SECONDS = 30;
    // the router's deliveries in flight at once; more fail, and the router sends them again
    private static final int MAX_IN_FLIGHT = 1000;
    private static final int SUBSCRIPTION_REFUSED = 0x80;
    private static final Duration DEFAULT_METHOD_TIMEOUT = Duration.ofSeconds(30);

    private final ParentSessionContext settings;
    private final ParentToken tokens;
    private final LocalNode local;
    private final ScheduledExecutorService work;
    private final Executor calls;
    private final Events events;
    private final String node;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile MqttAsyncClient client;
    private volatile boolean connected;
    private volatile ScheduledFuture<?> renewal;

    /**
     * @param settings where the parent is and how to authenticate: with the TLS client certificate
     *                 when it has no token
     */
    MqttParentSession(ParentSessionContext settings, Events events) {
        this.settings = settings;
        this.tokens = settings.token();
        this.local = settings.local();
        this.work = settings.work();
        this.calls = settings.calls();
        this.events = events;
        this.node = settings.deviceId();
    }

    @Override
    public void start() {
        try {
            client = new MqttAsyncClient("ssl://" + settings.address() + ":" + settings.port(), node,
                    new MemoryPersistence());
            client.setCallback(this);
            client.connect(options(), null, listener(connected -> subscribe()));
        } catch (MqttException | RuntimeException e) {
            end(ParentSession.describe(e));
        }
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // the link reconnects, with its back-off
        options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        options.setMaxInflight(MAX_IN_FLIGHT);
        options.setUserName(settings.parentHostname() + "/" + node + "/" + API_VERSION);
        options.setPassword(tokens != null ? tokens.create().toCharArray() : new char[0]);
        options.setSocketFactory(settings.tls().get().getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(false);
        options.setSSLHostnameVerifier(settings.parentNames());
        return options;
    }

    private void subscribe() throws MqttException {
        String filter = NodeTopics.subscription(node);
        client.subscribe(filter, 1, null, listener(subscribed -> {
            if (subscribed.getGrantedQos().length == 0 || subscribed.getGrantedQos()[0] == SUBSCRIPTION_REFUSED) {
                end("the parent refused the subscription to " + filter + " (is " + node + " an edge device there?)");
                return;
            }
            connected = true;
            if (tokens != null) {
                renewal = work.schedule(() -> end("reconnecting to renew the SAS token"),
                        tokens.renewAfter().toMillis(), TimeUnit.MILLISECONDS);
            }
            LOG.info("Connected to the parent {} at {} over MQTT as {}", settings.parentHostname(),
                    settings.endpoint(), node);
            events.connected(this);
            ParentSession.execute(work, () -> local.parent().reportedSections().forEach(this::sendReported));
        }));
    }

    @Override
    public boolean isConnected() {
        return connected && !ended.get();
    }

    @Override
    public void close() {
        end("the link was closed");
    }

    @Override
    public int maxTelemetryInFlight() {
        return MAX_IN_FLIGHT;
    }

    @Override
    public CompletionStage<Void> sendTelemetry(IdentityId origin, Message message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!isConnected()) {
            done.completeExceptionally(new IllegalStateException("not connected to the parent "
                    + settings.parentHostname()));
            return done;
        }
        try {
            // QoS 1: the parent acknowledges once its router stored the message
            client.publish(NodeTopics.telemetry(origin, message), message.body(), 1, false, null,
                    new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            done.complete(null);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable failure) {
                            done.completeExceptionally(failure);
                        }
                    });
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void sendReported(TwinSection section) {
        if (isConnected()) {
            publish(NodeTopics.reported(node, section), section.section().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        end(ParentSession.describe(cause));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        String relative = NodeTopics.relative(node, topic);
        byte[] body = message.getPayload();
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            Map<String, String> bag = NodeTopics.bag(topic);
            if (relative.equals("identities")) {
                ParentSession.execute(work, () -> local.parent().applyIdentitySnapshot(text));
            } else if (relative.startsWith("twins/desired/")) {
                TwinSection section = new TwinSection(identity(bag), text, Long.parseLong(bag.get(NodeTopics.VERSION)));
                ParentSession.execute(work, () -> local.parent().applyDesired(section));
            } else if (relative.startsWith("methods/POST/")) {
                methodCall(relative.substring("methods/POST/".length(), relative.indexOf("/?")), bag, text);
            } else if (relative.startsWith("c2d/")) {
                String device = identity(bag).deviceId();
                bag.remove(NodeTopics.ID);
                Message c2d = NodeTopics.cloudToDevice(bag, body);
                ParentSession.execute(work, () -> local.sendToDevice(device, c2d));
            } else {
                LOG.warn("Nothing is expected from the parent on {}", topic);
            }
        } catch (RuntimeException e) {
            LOG.warn("A message from the parent on {} is not valid: {}", topic, e.toString());
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // each publish's own listener hears of it
    }

    private void methodCall(String method, Map<String, String> bag, String payload) {
        IdentityId target = identity(bag);
        String rid = bag.get(NodeTopics.RID);
        String timeout = bag.get(NodeTopics.TIMEOUT);
        Duration wait = timeout == null ? DEFAULT_METHOD_TIMEOUT : Duration.ofMillis(Long.parseLong(timeout));
        ParentSession.execute(calls, () -> {
            MethodResult answer = local.invoke(target, method, payload, wait);
            if (isConnected()) { // otherwise the parent times the call out
                publish(NodeTopics.methodResponse(node, answer.status(), rid),
                        answer.payload().getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static IdentityId identity(Map<String, String> bag) {
        String id = bag.get(NodeTopics.ID);
        if (id == null) {
            throw new IllegalArgumentException("no " + NodeTopics.ID + " in the topic");
        }
        return IdentityId.parse(id);
    }

    private void publish(String topic, byte[] body) {
        try {
            client.publish(topic, body, 1, false, null, listener(published -> { }));
        } catch (MqttException | RuntimeException e) {
            LOG.warn("Not sent to the parent on {}: {}", topic, e.toString());
        }
    }

    /** Ends the session once: the connection closes and the link hears why. */
    private void end(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        connected = false;
        ScheduledFuture<?> pending = renewal;
        if (pending != null) {
            pending.cancel(false);
        }
        MqttAsyncClient open = client;
        if (open != null) {
            // off Paho's own threads: closing from its callback would wait for itself
            ParentSession.execute(calls, () -> {
                try {
                    if (open.isConnected()) {
                        open.disconnectForcibly(0, 1000);
                    }
                    open.close(true);
                } catch (MqttException e) {
                    LOG.debug("The MQTT connection to the parent did not close cleanly: {}", e.toString());
                }
            });
        }
        events.lost(this, reason);
    }

    private interface Step {
        void run(IMqttToken token) throws MqttException;
    }

    /** Runs the step on success; a failure, of the action or the step, ends the session. */
    private IMqttActionListener listener(Step step) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                try {
                    step.run(token);
                } catch (MqttException | RuntimeException e) {
                    end(ParentSession.describe(e));
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                end(ParentSession.describe(failure));
            }
        };
    }
}
