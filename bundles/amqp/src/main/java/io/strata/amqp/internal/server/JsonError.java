package io.strata.amqp.internal.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The JSON body of an error answer: {@code {"message":"..."}}. */
final class JsonError {

    private JsonError() {
    }

    static String of(String message) {
        return JsonNodeFactory.instance.objectNode().put("message", message).toString();
    }
}
