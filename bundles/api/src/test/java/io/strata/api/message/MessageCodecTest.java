package io.strata.api.message;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/** A message is written in its exact size, in place, and reads back equal, whatever characters its strings hold. */
public class MessageCodecTest {

    /** ASCII, two-, three- and four-byte UTF-8, and unpaired surrogates (written as '?'), alone and in text. */
    private static final List<String> STRINGS = List.of("", "plain", "café", "€ 5", "😀 ok", "\uD800", "a\uDC00b",
            "end\uD83D", "\uD83D\uDE00\uD83D");

    @Test
    public void writesInPlaceExactlyWhatItSaysItNeedsAndReadsBackEqual() {
        for (String text : STRINGS) {
            Message message = message(text);
            int size = MessageCodec.encodedSize(message);
            ByteBuffer buffer = ByteBuffer.allocate(size + 8).position(3);

            MessageCodec.encode(message, buffer);

            assertThat(text, buffer.position(), is(3 + size));
            assertThat(text, MessageCodec.encode(message).length, is(size));
            assertThat(text, MessageCodec.decode(buffer.array(), 3, size),
                    is(message(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))));
        }
    }

    @Test
    public void aTruncatedMessageIsRefusedAsSuch() {
        byte[] encoded = MessageCodec.encode(message("plain"));
        for (int length = 0; length < encoded.length; length++) {
            int cut = length;
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> MessageCodec.decode(encoded, 0, cut));
            assertThat(refused.getMessage(), is("Stored message is truncated"));
        }
    }

    private static Message message(String text) {
        return Message.builder().body(text.getBytes(StandardCharsets.UTF_8)).messageId(text)
                .contentType("application/json").enqueuedTime(Instant.parse("2026-12-07T01:02:03.456Z"))
                .applicationProperty(text, text).applicationProperty("unit", "°C").build();
    }
}
