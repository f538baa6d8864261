package io.strata.routing.internal.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.Test;

public class EntryFormatTest {
    private static final Instant ENQUEUED = Instant.parse("2025-01-02T03:04:05.678Z");
    private static final Instant EXPIRY = ENQUEUED.plusSeconds(7200);

    @Test
    public void keepsBodySystemAndApplicationPropertiesAndTimes() {
        Message message = Message.builder().body("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8))
                .messageId("m-1").contentType("application/json").contentEncoding("utf-8")
                .connectionDeviceId("sensor-1").connectionModuleId("filter").enqueuedTime(ENQUEUED)
                .applicationProperty("alert", "true").applicationProperty("Grüße", "ünïcode").build();

        byte[] entry = EntryFormat.entry(EntryFormat.encode(message), ENQUEUED, EXPIRY);

        assertThat(entry[0], is(EntryFormat.VERSION));
        assertThat(EntryFormat.enqueued(entry), is(ENQUEUED));
        assertThat(EntryFormat.expiry(entry), is(EXPIRY));
        assertThat(EntryFormat.message(entry), is(message));
    }

    @Test
    public void keepsAnEmptyMessage() {
        Message message = Message.builder().build();

        assertThat(EntryFormat.message(EntryFormat.entry(EntryFormat.encode(message), ENQUEUED, EXPIRY)), is(message));
    }

    @Test
    public void refusesAnEntryOfAnotherVersion() {
        byte[] entry = EntryFormat.entry(EntryFormat.encode(Message.builder().build()), ENQUEUED, EXPIRY);
        entry[0] = 2;

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> EntryFormat.message(entry));
        assertThat(thrown.getMessage(), containsString("unknown format version 2"));
    }

    @Test
    public void refusesATruncatedEntry() {
        byte[] entry = EntryFormat.entry(EntryFormat.encode(Message.builder().body(new byte[100]).build()), ENQUEUED, EXPIRY);
        byte[] truncated = Arrays.copyOf(entry, entry.length - 10);

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> EntryFormat.message(truncated));
        assertThat(thrown.getMessage(), containsString("truncated"));
    }
}
