package io.strata.support.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import java.time.Duration;
import java.time.Instant;

/**
 * The sections' JSON: the api's records as they are, times and durations in ISO-8601, identities as
 * {@code device/module}, indented for a person reading it.
 */
final class SupportJson {

    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("strata-support")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, ToStringSerializer.instance)
                    .addSerializer(IdentityId.class, ToStringSerializer.instance));

    private SupportJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }
}
