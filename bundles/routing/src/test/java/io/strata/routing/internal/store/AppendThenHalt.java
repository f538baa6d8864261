package io.strata.routing.internal.store;

import io.strata.api.message.Message;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Run in its own JVM by {@link QueueStoreCrashTest}: appends messages {@code m0 .. m<count-1>} and halts without
 * closing the store, as {@code kill -9} would.
 */
public final class AppendThenHalt {
    static final StoreSettings SETTINGS = new StoreSettings(100_000_000, FullPolicy.REFUSE_NEW, Duration.ofHours(2));

    private AppendThenHalt() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        QueueStore store = QueueStore.open(file, SETTINGS, Clock.systemUTC());
        for (int i = 0; i < count; i++) {
            store.append(Message.builder().messageId("m" + i).body(new byte[256]).build(), List.of(Destination.of("$upstream"))).get();
        }
        System.out.println("appended");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
