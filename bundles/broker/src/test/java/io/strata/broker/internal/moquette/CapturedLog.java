package io.strata.broker.internal.moquette;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.rules.ExternalResource;

/**
 * What slf4j-simple logs during a test: it writes to whatever {@code System.err} is at each call, so
 * the rule puts a buffer there (and still shows everything on the real one afterwards).
 */
final class CapturedLog extends ExternalResource {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    protected void before() {
        original = System.err;
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    @Override
    protected void after() {
        System.setErr(original);
        original.print(text());
    }

    /** The lines logged so far. */
    synchronized List<String> lines() {
        return text().lines().toList();
    }

    private String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
