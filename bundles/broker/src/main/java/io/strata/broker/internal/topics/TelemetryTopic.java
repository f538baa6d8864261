package io.strata.broker.internal.topics;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.message.PropertyBag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A telemetry topic, {@code devices/{d}/messages/events/{bag}} from a device or
 * {@code devices/{d}/modules/{m}/messages/events/{bag}} from a module (whose output name travels
 * in the bag as {@code $.on}).
 */
public record TelemetryTopic(IdentityId sender, Map<String, String> properties) {

    // The bag may be missing altogether: some clients leave out the final slash.
    private static final Pattern TELEMETRY =
            Pattern.compile("devices/([^/]+)(?:/modules/([^/]+))?/messages/events(?:/(.*))?", Pattern.DOTALL);

    /** Whether the topic is a telemetry topic, well-formed or not. */
    public static boolean isTelemetry(String topic) {
        return TELEMETRY.matcher(topic).matches();
    }

    /**
     * Parses a topic; empty when it is not a telemetry topic at all.
     *
     * @throws MalformedTopicException when it is one, but with an invalid id or property bag
     */
    static Optional<TelemetryTopic> parse(String topic) throws MalformedTopicException {
        Matcher matcher = TELEMETRY.matcher(topic);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        IdentityId sender;
        try {
            sender = new IdentityId(matcher.group(1), matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new MalformedTopicException(e.getMessage());
        }
        String bag = matcher.group(3) == null ? "" : matcher.group(3);
        // The Azure IoT SDK for Java ends a module's topic with '/' after the bag; IoT Edge drops it.
        if (bag.endsWith("/")) {
            bag = bag.substring(0, bag.length() - 1);
        }
        return Optional.of(new TelemetryTopic(sender, BagProperties.parse(bag)));
    }

    /**
     * What every message on this topic from this connection has in common, worked out once: the bag's
     * properties, stamped with who sent it (the topic's identity, whatever the bag claims: the authorizer
     * let the connection publish there). A child node forwarding its subtree's telemetry (the topic is not
     * its own) keeps the time its edge hub took the message; on a client's own topic that bag name is
     * dropped and each message gets the time this edge hub took it.
     */
    Template template(IdentityId connection) throws MalformedTopicException {
        Map<String, String> bag = new LinkedHashMap<>(properties);
        String enqueuedTime = bag.remove(PropertyBag.ENQUEUED_TIME);
        String forwardedEnqueuedTime = sender.equals(connection) ? null : enqueuedTime;
        Message.Builder message = BagProperties.toMessage(bag)
                .connectionDeviceId(sender.deviceId())
                .connectionModuleId(sender.moduleId());
        if (forwardedEnqueuedTime != null) {
            message.enqueuedTime(Instant.parse(BagProperties.instant(PropertyBag.ENQUEUED_TIME, forwardedEnqueuedTime)));
        }
        return new Template(message.build(), forwardedEnqueuedTime == null);
    }

    /** A message without its body, and whether each message gets the time the edge hub took it. */
    record Template(Message withoutBody, boolean stampsEnqueuedTime) {

        /** The message with {@code body}, which it takes as is: the caller made it for this message. */
        Message stamp(byte[] body, Instant now) {
            Message.Builder message = withoutBody.toBuilder().takeBody(body);
            return (stampsEnqueuedTime ? message.enqueuedTime(now) : message).build();
        }
    }
}
