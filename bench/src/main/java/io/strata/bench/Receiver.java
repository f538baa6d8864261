package io.strata.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A module that subscribes to its inputs and times each message from its send (same JVM) to its arrival. */
final class Receiver implements AutoCloseable {

    private final MqttTransport transport;
    private final String clientId;
    private final String username;
    private final String password;
    private final String topicFilter;
    private MqttConnection connection;
    private volatile Latencies latencies;
    private volatile CountDownLatch expected;

    Receiver(MqttTransport transport, String clientId, String username, String password, String topicFilter) {
        this.transport = transport;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.topicFilter = topicFilter;
    }

    /** Expects {@code messages} more messages from now on, connecting and subscribing first if needed. */
    void connect(int messages) throws Exception {
        latencies = new Latencies(messages);
        expected = new CountDownLatch(messages);
        if (connection == null) {
            connection = transport.connect(clientId, username, password).get(30, TimeUnit.SECONDS);
            connection.subscribe(topicFilter, body -> {
                latencies.record(System.nanoTime() - TimedBodies.sentAt(body));
                expected.countDown();
            }).get(30, TimeUnit.SECONDS);
        }
    }

    void await(int messages) throws InterruptedException {
        if (!expected.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException(expected.getCount() + " of " + messages + " messages never arrived");
        }
    }

    Latencies latencies() {
        return latencies;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
