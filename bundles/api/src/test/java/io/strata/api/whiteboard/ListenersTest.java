package io.strata.api.whiteboard;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.Test;
import org.slf4j.LoggerFactory;

public class ListenersTest {

    private final Listeners<Consumer<String>> listeners = new Listeners<>("Test listener", LoggerFactory.getLogger(ListenersTest.class));

    @Test
    public void tellsEveryListenerInTheOrderTheyCameAndPassesAFailingOne() {
        List<String> heard = new ArrayList<>();
        listeners.add(change -> heard.add("first " + change));
        listeners.add(change -> {
            throw new IllegalStateException("broken listener");
        });
        listeners.add(change -> heard.add("third " + change));

        listeners.tell(listener -> listener.accept("a"), "change a");
        listeners.tell(listener -> listener.accept("b"), "change b");

        assertThat(heard, contains("first a", "third a", "first b", "third b"));
    }
}
