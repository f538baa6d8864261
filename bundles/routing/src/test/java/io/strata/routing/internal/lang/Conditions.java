package io.strata.routing.internal.lang;

import io.strata.api.message.Message;
import io.strata.api.routing.MessageSource;
import java.nio.charset.StandardCharsets;

/** Evaluates conditions the way a route does, against messages the tests share. */
final class Conditions {
    static final String WEATHER = "{\"weather\":{\"temperature\":21.5,\"city\":\"Oslo\",\"enabled\":true,\"none\":null,"
            + "\"history\":[{\"month\":\"Feb\",\"temperature\":40},{\"month\":\"Jan\",\"temperature\":30}]}}";

    private Conditions() {
    }

    /** A JSON message from module sensor-1/filter through output out1, with a few application properties. */
    static Message.Builder jsonMessage() {
        return Message.builder()
                .body(WEATHER.getBytes(StandardCharsets.UTF_8))
                .contentType("application/json")
                .contentEncoding("utf-8")
                .connectionDeviceId("sensor-1")
                .connectionModuleId("filter")
                .outputName("out1")
                .applicationProperty("temperature", "25.5")
                .applicationProperty("status", "active")
                .applicationProperty("Mixed", "Case");
    }

    /**
     * What the condition evaluates to: {@code true}, or the value as the explanation of a route
     * that did not match describes it ({@code false}, {@code the number 7}, {@code undefined: ...}).
     */
    static String evaluate(String condition, Message message) {
        MatchResult result = RouteParser.parse("test", "FROM /* WHERE " + condition + " INTO $upstream")
                .matches(MessageSource.TELEMETRY, message);
        return result.isMatch() ? "true" : result.explanation().replaceFirst("^condition evaluated to ", "");
    }
}
