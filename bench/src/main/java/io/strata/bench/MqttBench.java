package io.strata.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * MQTT load: QoS 1 telemetry from many clients (latency = publish to PUBACK), or module output to module
 * input through a broker's routes (latency = send to receive, both in this JVM), or the drain of a queue
 * that filled while its receiver was away. Bodies are JSON padded to the requested size.
 */
public final class MqttBench {

    private MqttBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            usage();
        }
        Clients clients = new Clients(args[1], Path.of(args[2]), args[3]);
        switch (args[0]) {
            case "telemetry" -> telemetry(clients, Path.of(args[4]), args[5], Integer.parseInt(args[6]),
                    Integer.parseInt(args[7]), Integer.parseInt(args[8]));
            case "route", "drain" -> route(clients, args[0].equals("drain"), args[4], args[5], args[6], args[7],
                    args[8], Integer.parseInt(args[9]), Integer.parseInt(args[10]), Integer.parseInt(args[11]));
            default -> usage();
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("""
                telemetry <uri> <ca.pem> <usernameFormat> <credentialsFile> <topicFormat> <messagesPerClient> <inflight> <bytes>
                route|drain <uri> <ca.pem> <usernameFormat> <deviceId> <senderModule> <senderPassword> <receiverModule>
                            <receiverPassword> <messages> <inflight> <bytes>
                usernameFormat and topicFormat take the client id for %s""");
        System.exit(2);
    }

    /** Every client publishes its messages with at most {@code inflight} unacknowledged; all clients at once. */
    private static void telemetry(Clients clients, Path credentials, String topicFormat, int messagesPerClient,
            int inflight, int bytes) throws Exception {
        List<String[]> identities = Files.readAllLines(credentials).stream().filter(line -> !line.isBlank())
                .map(line -> line.split("\\s+", 2)).toList();
        List<MqttAsyncClient> connected = new ArrayList<>();
        for (String[] identity : identities) {
            connected.add(clients.connect(identity[0], identity[1], inflight));
        }
        int total = messagesPerClient * connected.size();
        Latencies latencies = new Latencies(total);
        CountDownLatch done = new CountDownLatch(total);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> publishers = new ArrayList<>();
        for (int i = 0; i < connected.size(); i++) {
            MqttAsyncClient client = connected.get(i);
            String topic = String.format(topicFormat, identities.get(i)[0]);
            Thread publisher = new Thread(() -> publishAll(client, topic, messagesPerClient, inflight, bytes, latencies,
                    done, failed));
            publisher.start();
            publishers.add(publisher);
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException(done.getCount() + " messages never acknowledged");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("telemetry: %d clients x %d messages of %d B, QoS 1, %d in flight each: %.0f msg/s, %s, %d failed%n",
                connected.size(), messagesPerClient, bytes, inflight, total / seconds, latencies.summary(), failed.get());
        for (MqttAsyncClient client : connected) {
            client.disconnect().waitForCompletion(5000);
        }
    }

    private static void publishAll(MqttAsyncClient client, String topic, int count, int inflight, int bytes,
            Latencies latencies, CountDownLatch done, AtomicLong failed) {
        Semaphore window = new Semaphore(inflight);
        try {
            for (int n = 0; n < count; n++) {
                window.acquire();
                long sent = System.nanoTime();
                client.publish(topic, TimedBodies.body(n, sent, bytes), 1, false, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        latencies.record(System.nanoTime() - sent);
                        window.release();
                        done.countDown();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable error) {
                        failed.incrementAndGet();
                        window.release();
                        done.countDown();
                    }
                });
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A module's output routed to another module's input. {@code drain}: all messages are sent while the
     * receiver is away, then it connects and the time until the last arrives gives the drain rate.
     */
    private static void route(Clients clients, boolean drain, String device, String sender, String senderPassword,
            String receiver, String receiverPassword, int messages, int inflight, int bytes) throws Exception {
        Latencies latencies = new Latencies(messages);
        CountDownLatch received = new CountDownLatch(messages);
        MqttAsyncClient receiving = drain ? null : subscribe(clients, device, receiver, receiverPassword, inflight,
                latencies, received);
        MqttAsyncClient sending = clients.connect(device + "/" + sender, senderPassword, inflight);
        String topic = "devices/" + device + "/modules/" + sender
                + "/messages/events/%24.on=out&%24.ct=application%2Fjson&%24.ce=utf-8";
        CountDownLatch acknowledged = new CountDownLatch(messages);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        publishAll(sending, topic, messages, inflight, bytes, new Latencies(0), acknowledged, failed);
        acknowledged.await(30, TimeUnit.MINUTES);
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        sending.disconnect().waitForCompletion(5000);
        if (drain) {
            System.out.printf("drain: %d messages of %d B queued durably at %.0f msg/s (%d failed)%n", messages, bytes,
                    messages / sendSeconds, failed.get());
            long drainStart = System.nanoTime();
            receiving = subscribe(clients, device, receiver, receiverPassword, inflight, latencies, received);
            if (!received.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException(received.getCount() + " messages never arrived");
            }
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            System.out.printf("drain: %d messages delivered to the reconnected module in %.1f s: %.0f msg/s%n",
                    messages, drainSeconds, messages / drainSeconds);
        } else {
            if (!received.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException(received.getCount() + " messages never arrived");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("route: %d messages of %d B, output -> input, QoS 1, %d in flight: %.0f msg/s, "
                    + "end to end %s, %d failed%n", messages, bytes, inflight, messages / seconds, latencies.summary(),
                    failed.get());
        }
        receiving.disconnect().waitForCompletion(5000);
    }

    private static MqttAsyncClient subscribe(Clients clients, String device, String module, String password,
            int inflight, Latencies latencies, CountDownLatch received) throws Exception {
        MqttAsyncClient client = clients.connect(device + "/" + module, password, inflight);
        client.subscribe("devices/" + device + "/modules/" + module + "/inputs/#", 1, (topic, message) -> {
            latencies.record(System.nanoTime() - TimedBodies.sentAt(message.getPayload()));
            received.countDown();
        }).waitForCompletion(10_000);
        return client;
    }
}
