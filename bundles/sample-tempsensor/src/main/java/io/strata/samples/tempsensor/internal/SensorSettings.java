package io.strata.samples.tempsensor.internal;

import java.time.Duration;
import java.util.Map;

/**
 * The sensor's {@code env}, as IoT Edge's simulated temperature sensor names it.
 *
 * @param sendInterval time between two messages
 * @param messageCount messages to send before stopping; 0 or less for no end
 */
record SensorSettings(Duration sendInterval, long messageCount) {

    static final String SEND_INTERVAL = "SendInterval";
    static final String MESSAGE_COUNT = "MessageCount";

    /** @throws IllegalArgumentException naming the setting that is not a valid number */
    static SensorSettings from(Map<String, Object> env) {
        double seconds = number(env, SEND_INTERVAL, "5");
        if (!(seconds > 0)) {
            throw new IllegalArgumentException(SEND_INTERVAL + " must be a positive number of seconds, not " + env.get(SEND_INTERVAL));
        }
        double count = number(env, MESSAGE_COUNT, "500");
        if (count != Math.rint(count)) {
            throw new IllegalArgumentException(MESSAGE_COUNT + " must be a whole number, not " + env.get(MESSAGE_COUNT));
        }
        return new SensorSettings(Duration.ofNanos((long) (seconds * 1_000_000_000L)), (long) count);
    }

    private static double number(Map<String, Object> env, String name, String absent) {
        String text = String.valueOf(env.getOrDefault(name, absent)).trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + text + "'", e);
        }
    }
}
