package io.strata.broker.internal.topics;

import io.strata.api.message.Message;
import io.strata.api.message.PropertyBag;
import io.strata.api.message.SystemProperty;
import java.util.Map;

/**
 * Property bags as the broker takes them from clients ({@link PropertyBag} does the encoding): a bad
 * bag is a {@link MalformedTopicException}, and a sender never chooses its own connection ids.
 */
final class BagProperties {

    private BagProperties() {
    }

    static Map<String, String> parse(String bag) throws MalformedTopicException {
        try {
            return PropertyBag.parse(bag);
        } catch (IllegalArgumentException e) {
            throw new MalformedTopicException(e.getMessage());
        }
    }

    /** A message builder carrying the bag's properties, without the connection ids the edge hub stamps. */
    static Message.Builder toMessage(Map<String, String> bag) throws MalformedTopicException {
        try {
            return PropertyBag.toMessage(bag).systemProperty(SystemProperty.CONNECTION_DEVICE_ID, null)
                    .systemProperty(SystemProperty.CONNECTION_MODULE_ID, null);
        } catch (IllegalArgumentException e) {
            throw new MalformedTopicException(e.getMessage());
        }
    }

    static String instant(String name, String value) throws MalformedTopicException {
        try {
            return PropertyBag.instant(name, value);
        } catch (IllegalArgumentException e) {
            throw new MalformedTopicException(e.getMessage());
        }
    }
}
