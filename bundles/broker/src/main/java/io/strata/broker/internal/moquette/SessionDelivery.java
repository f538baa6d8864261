package io.strata.broker.internal.moquette;

import io.moquette.broker.Server;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes to one client's session only. The {@code $iothub/...} topics of twins and methods are
 * the same for every client, and Moquette 0.17's only public way to publish, {@code internalPublish},
 * would hand one device's twin or method request to every client subscribed to that topic. Its
 * session registry publishes to one session; that is not public API, so it is reached by reflection,
 * and run on the session's own event loop as Moquette's post office does. The same registry tells
 * what a client is subscribed to.
 */
final class SessionDelivery {

    private final Object sessionRegistry;
    private final Object postOffice;
    private final Method retrieveSession;
    private final Method routeCommand;
    private final Method routed;
    private final Method connected;
    private final Method subscriptions;
    private final Method sendPublish;

    /** @throws IllegalStateException when this Moquette is not built as 0.17 is */
    SessionDelivery(Server server) {
        try {
            sessionRegistry = accessible(Server.class.getDeclaredField("sessions")).get(server);
            postOffice = accessible(Server.class.getDeclaredField("dispatcher")).get(server);
            retrieveSession = accessible(sessionRegistry.getClass().getDeclaredMethod("retrieve", String.class));
            routeCommand = accessible(postOffice.getClass()
                    .getDeclaredMethod("routeCommand", String.class, String.class, Callable.class));
            routed = accessible(routeCommand.getReturnType().getDeclaredMethod("isSuccess"));
            Class<?> session = retrieveSession.getReturnType();
            connected = accessible(session.getDeclaredMethod("connected"));
            subscriptions = accessible(session.getDeclaredMethod("getSubscriptions"));
            sendPublish = accessible(session.getDeclaredMethod("sendNotRetainedPublishOnSessionAtQos",
                    Topic.class, MqttQoS.class, ByteBuf.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Moquette " + Server.MOQUETTE_VERSION
                    + " cannot publish to a single session: " + e, e);
        }
    }

    /**
     * Publishes to the client if it is connected and subscribed to the topic, at the QoS it
     * subscribed with (at most 1). Completes with whether it was.
     */
    CompletableFuture<Boolean> publish(String clientId, String topic, byte[] body) {
        Topic target = new Topic(topic);
        return onSessionLoop(clientId, "publish " + topic, session -> {
            Optional<MqttQoS> qos = subscribedQos(session, target);
            if (qos.isEmpty()) {
                return false;
            }
            ByteBuf payload = Unpooled.wrappedBuffer(body);
            sendPublish.invoke(session, target, qos.get(), payload);
            if (qos.get() == MqttQoS.AT_LEAST_ONCE) {
                payload.release(); // the session keeps its own reference until the PUBACK; at QoS 0 the write released ours
            }
            return true;
        });
    }

    /** The subscriptions the client's session holds: none when it has no session. */
    @SuppressWarnings("unchecked")
    CompletableFuture<List<Subscription>> storedSubscriptions(String clientId) {
        return onSessionLoop(clientId, "subscriptions", session -> session == null ? List.of()
                : (List<Subscription>) subscriptions.invoke(session));
    }

    private interface SessionAction<T> {
        T apply(Object session) throws ReflectiveOperationException;
    }

    /** Runs the action on the session's own event loop, with the session or null when it has none. */
    private <T> CompletableFuture<T> onSessionLoop(String clientId, String description, SessionAction<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Callable<String> onSessionLoop = () -> {
            try {
                result.complete(action.apply(retrieveSession.invoke(sessionRegistry, clientId)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                result.completeExceptionally(e);
            }
            return clientId;
        };
        try {
            if (!(boolean) routed.invoke(routeCommand.invoke(postOffice, clientId, description, onSessionLoop))) {
                result.completeExceptionally(new IllegalStateException("the session queue of " + clientId + " is full"));
            }
        } catch (ReflectiveOperationException e) {
            result.completeExceptionally(cause(e));
        }
        return result;
    }

    private Optional<MqttQoS> subscribedQos(Object session, Topic topic) throws ReflectiveOperationException {
        if (session == null || !(boolean) connected.invoke(session)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Subscription> subscribed = (List<Subscription>) subscriptions.invoke(session);
        List<MqttQoS> matching = subscribed.stream()
                .filter(subscription -> topic.match(subscription.getTopicFilter()))
                .map(Subscription::getRequestedQos)
                .toList();
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(matching.stream().allMatch(MqttQoS.AT_MOST_ONCE::equals)
                ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE);
    }

    private static <T extends AccessibleObject> T accessible(T member) {
        member.setAccessible(true);
        return member;
    }

    private static Throwable cause(ReflectiveOperationException e) {
        return e instanceof InvocationTargetException invocation ? invocation.getCause() : e;
    }
}
