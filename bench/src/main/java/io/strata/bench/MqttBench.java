package io.strata.bench;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.SasToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * MQTT load on Netty's codec, asynchronous and pipelined (QoS 1, TLS, a window of publishes in flight per
 * connection): telemetry from many clients (latency = publish to PUBACK, optionally paced), module output
 * to module input through a broker's routes (latency = send to receive, both in this JVM), the drain of a
 * queue that filled while its receiver was away, and many idle devices that each send now and then. Every
 * mode reports this process's own CPU time per message, so a reader sees whether the generator was the
 * ceiling. Bodies are JSON padded to the requested size.
 */
public final class MqttBench {

    private static final Duration TOKEN_LIFETIME = Duration.ofDays(1);
    private static final long MAX_WAIT_MINUTES = 30;

    private final Map<String, String> options;
    private final String results;

    private MqttBench(Map<String, String> options) {
        this.options = options;
        this.results = option("results", "");
    }

    public static void main(String[] arguments) throws Exception {
        // Netty would log through slf4j, which has no binding on this class path (the bundle's log is the node's).
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        List<String> args = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (String argument : arguments) {
            if (argument.startsWith("--") && argument.contains("=")) {
                options.put(argument.substring(2, argument.indexOf('=')), argument.substring(argument.indexOf('=') + 1));
            } else {
                args.add(argument);
            }
        }
        MqttBench bench = new MqttBench(options);
        String mode = args.isEmpty() ? "" : args.get(0);
        switch (mode) {
            case "telemetry" -> bench.telemetry(args);
            case "route", "drain" -> bench.route(args, mode.equals("drain"));
            case "connections" -> bench.connections(args);
            case "tokens" -> tokens(args);
            case "commit-floor" -> bench.commitFloor(args);
            default -> usage();
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("""
                telemetry <uri> <ca.pem> <usernameFormat> <credentialsFile> <topicFormat> <messagesPerClient> <inflight> <bytes>
                          [--warmup=<messagesPerClient>] [--rate=<msg/s of all clients together>]
                route|drain <uri> <ca.pem> <usernameFormat> <deviceId> <senderModule> <senderPassword> <receiverModule>
                            <receiverPassword> <messages> <inflight> <bytes> [--warmup=<messages>]
                            [--topic=<what the sender publishes to>] [--subscription=<what the receiver subscribes to>]
                            (by default the module's output and input topics of IoT Hub; another broker, such as
                            Mosquitto, forwards a topic to its subscriber: the receiving client's ceiling)
                connections <uri> <ca.pem> <usernameFormat> <hostname> <deviceKey> <deviceIdFormat> <count>
                            [--hold=<seconds, 60>] [--interval=<seconds between a device's messages, 10>]
                            [--connecting=<connects at once, 100>]
                            [--start-file=<path: stay idle after connecting until it exists>]
                tokens <hostname> <key> <idFormat> <count>   ("<id> <SAS token>" lines; an id may be device/module)
                commit-floor <directory> <msg/s> <batch> <bytes> <seconds> [--beside=<% of a core busy meanwhile, 0>]
                            [--beside-period=<us of each busy + idle turn, 200>]
                                                                (write + fdatasync alone, see CommitFloor)
                usernameFormat, topicFormat and deviceIdFormat take the client id (device number) for %s (%d);
                credentialsFile holds "<clientId> <password>" lines. Every mode also takes --threads=<event loops>,
                --server-pid=<the broker's process id, to report its CPU time per message too>,
                --profile=<directory: async-profile the broker in each measured phase, <label>.<phase>.collapsed>,
                --results=<file> (appends the figures as a JSON line) and --label=<name in that line>.""");
        System.exit(2);
    }

    private String option(String name, String otherwise) {
        return options.getOrDefault(name, otherwise);
    }

    private MqttTransport transport(List<String> args) throws Exception {
        return new MqttTransport(args.get(1), Path.of(args.get(2)),
                Integer.parseInt(option("threads", String.valueOf(2 * Runtime.getRuntime().availableProcessors()))));
    }

    /** Every client publishes its messages with at most {@code inflight} unacknowledged; all clients at once. */
    private void telemetry(List<String> args) throws Exception {
        List<String[]> identities = Files.readAllLines(Path.of(args.get(4))).stream().filter(line -> !line.isBlank())
                .map(line -> line.trim().split("\\s+", 2)).toList();
        Function<String, String> telemetryTopic = clientId -> String.format(args.get(5), clientId);
        int perClient = Integer.parseInt(args.get(6));
        int inflight = Integer.parseInt(args.get(7));
        int bytes = Integer.parseInt(args.get(8));
        int warmup = Integer.parseInt(option("warmup", "0"));
        double rate = Double.parseDouble(option("rate", "0"));
        try (MqttTransport transport = transport(args)) {
            List<MqttConnection> connections = new ArrayList<>();
            for (String[] identity : identities) {
                connections.add(transport.connect(identity[0], String.format(args.get(3), identity[0]), identity[1])
                        .get(30, TimeUnit.SECONDS));
            }
            if (warmup > 0) {
                publishAll(connections, telemetryTopic, warmup, inflight, bytes, rate, new Latencies(0));
            }
            int total = perClient * connections.size();
            Latencies latencies = new Latencies(total);
            Phase phase = new Phase();
            publishAll(connections, telemetryTopic, perClient, inflight, bytes, rate, latencies);
            Results figures = phase.end("telemetry", total, latencies);
            System.out.printf("telemetry: %d clients x %d messages of %d B, QoS 1, %d in flight each%s: %s%n",
                    connections.size(), perClient, bytes, inflight,
                    rate > 0 ? String.format(", paced at %.0f msg/s", rate) : "", figures.summary());
            figures.put("clients", connections.size()).put("inflight", inflight).put("rate", rate).appendTo(results);
            MqttTransport.closeAll(connections);
        }
    }

    /** @param topic the topic of each client id */
    private static void publishAll(List<MqttConnection> connections, Function<String, String> topic, int perClient,
            int inflight, int bytes, double rate, Latencies latencies) throws Exception {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (MqttConnection connection : connections) {
            Publisher publisher = new Publisher(topic.apply(connection.clientId()), perClient, inflight, bytes,
                    rate / connections.size(), latencies);
            connection.publish(publisher);
            done.add(publisher.done());
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(MAX_WAIT_MINUTES, TimeUnit.MINUTES);
    }

    /**
     * A module's output routed to another module's input. {@code drain}: all messages are sent while the
     * receiver is away, then it connects and the time until the last arrives gives the drain rate.
     */
    private void route(List<String> args, boolean drain) throws Exception {
        String device = args.get(4);
        int messages = Integer.parseInt(args.get(9));
        int inflight = Integer.parseInt(args.get(10));
        int bytes = Integer.parseInt(args.get(11));
        int warmup = Integer.parseInt(option("warmup", "0"));
        String topic = option("topic", "devices/" + device + "/modules/" + args.get(5)
                + "/messages/events/%24.on=out&%24.ct=application%2Fjson&%24.ce=utf-8");
        String username = args.get(3);
        try (MqttTransport transport = transport(args)) {
            String senderId = device + "/" + args.get(5);
            String receiverId = device + "/" + args.get(7);
            MqttConnection sender = transport.connect(senderId, String.format(username, senderId), args.get(6))
                    .get(30, TimeUnit.SECONDS);
            Receiver receiver = new Receiver(transport, receiverId, String.format(username, receiverId), args.get(8),
                    option("subscription", "devices/" + device + "/modules/" + args.get(7) + "/inputs/#"));
            if (warmup > 0 && !drain) {
                receiver.connect(warmup);
                publishAll(List.of(sender), clientId -> topic, warmup, inflight, bytes, 0, new Latencies(0));
                receiver.await(warmup);
            }
            Phase phase = new Phase();
            if (!drain) {
                receiver.connect(messages);
            }
            Latencies acknowledged = new Latencies(messages);
            publishAll(List.of(sender), clientId -> topic, messages, inflight, bytes, 0, acknowledged);
            sender.close();
            if (drain) {
                System.out.printf("drain: %d messages of %d B queued durably: %s%n", messages, bytes,
                        phase.end("queue", messages, acknowledged).summary());
                phase = new Phase();
                receiver.connect(messages);
            }
            receiver.await(messages);
            // A drain has no meaningful latency: the messages waited for the receiver on purpose.
            Results figures = phase.end(args.get(0), messages, drain ? null : receiver.latencies());
            System.out.printf(drain ? "drain: %d messages of %d B delivered to the reconnected module, %d in flight: %s%n"
                    : "route: %d messages of %d B, output -> input, QoS 1, %d in flight: %s (end to end)%n", messages,
                    bytes, inflight, figures.summary());
            figures.put("inflight", inflight).appendTo(results);
            receiver.close();
        }
    }

    /**
     * Many devices at once, each on its own TLS connection sending one QoS 1 message per {@code --interval}:
     * how many connect (at most {@code --connecting} handshakes at once) and how fast, then how many are
     * still connected after {@code --hold} seconds of sending, and their PUBACK latency. Prints a line
     * starting with "connections: connected" once all connection attempts are over; given
     * {@code --start-file}, the devices then stay idle until that file exists, so that a script can measure
     * the broker with every connection held before the measured phase begins. Each device starts at a
     * random point of its interval, as devices switched on at different times would.
     */
    private void connections(List<String> args) throws Exception {
        String hostname = args.get(4);
        String key = args.get(5);
        String idFormat = args.get(6);
        int count = Integer.parseInt(args.get(7));
        int hold = Integer.parseInt(option("hold", "60"));
        int interval = Integer.parseInt(option("interval", "10"));
        int perDevice = Math.max(1, hold / interval);
        Semaphore connecting = new Semaphore(Integer.parseInt(option("connecting", "100")));
        List<MqttConnection> connections = new ArrayList<>();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Latencies latencies = new Latencies(count * perDevice);
        try (MqttTransport transport = transport(args)) {
            long start = System.nanoTime();
            ProcessCpu connectCpu = new ProcessCpu("self");
            CountDownLatch attempts = new CountDownLatch(count);
            for (int i = 1; i <= count; i++) {
                String id = String.format(idFormat, i);
                connecting.acquire();
                transport.connect(id, String.format(args.get(3), id), token(hostname, key, id)).whenComplete(
                        (connection, failure) -> {
                            connecting.release();
                            if (failure != null) {
                                firstFailure.compareAndSet(null, failure);
                            } else {
                                synchronized (connections) {
                                    connections.add(connection);
                                }
                            }
                            attempts.countDown();
                        });
            }
            attempts.await(MAX_WAIT_MINUTES, TimeUnit.MINUTES);
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            double connectsPerSecond = connections.size() / connectSeconds;
            System.out.printf("connections: connected %d of %d in %.1f s (%.0f/s, generator CPU %.0f us per connect)%s%n",
                    connections.size(), count, connectSeconds, connectsPerSecond,
                    connectCpu.microsPer(connections.size()),
                    firstFailure.get() == null ? "" : "; the first failure: " + firstFailure.get());
            System.out.flush();
            if (options.containsKey("start-file")) {
                Path startFile = Path.of(option("start-file", ""));
                while (!Files.exists(startFile)) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
            Phase phase = new Phase();
            List<CompletableFuture<Void>> publishing = new ArrayList<>();
            synchronized (connections) {
                for (MqttConnection connection : connections) {
                    Publisher publisher = new Publisher("devices/" + connection.clientId() + "/messages/events/",
                            perDevice, 1, 256, 1.0 / interval, latencies);
                    publishing.add(publisher.done());
                    connection.publishAfter(publisher, ThreadLocalRandom.current().nextLong(interval * 1000L));
                }
            }
            // The last device starts within one interval and sends its last message hold - interval later.
            TimeUnit.SECONDS.sleep(hold + interval);
            long completed = publishing.stream().filter(done -> done.isDone() && !done.isCompletedExceptionally())
                    .count();
            long held = connections.stream().filter(MqttConnection::isOpen).count();
            Results figures = phase.end("connections", latencies.count(), latencies);
            System.out.printf("connections: %d of %d held for %d s, %d sent all %d messages: %s%n", held, count, hold,
                    completed, perDevice, figures.summary());
            figures.put("attempted", count).put("connected", connections.size()).put("held", held)
                    .put("connectsPerSec", connectsPerSecond).appendTo(results);
            MqttTransport.closeAll(connections);
        }
    }

    /**
     * One measured stretch: its wall time, and the CPU time of this generator and, given {@code --server-pid},
     * of the broker's process over it; given {@code --profile} too, the broker's profile over it.
     */
    private final class Phase {

        private final long startNanos = System.nanoTime();
        private final ProcessCpu generator = new ProcessCpu("self");
        private final ProcessCpu server = options.containsKey("server-pid") ? new ProcessCpu(options.get("server-pid"))
                : null;
        private final NodeProfile profile = options.containsKey("profile") && server != null
                ? NodeProfile.start(Path.of(options.get("profile")), options.get("server-pid")) : null;

        /** The figures of the phase, labelled {@code --label} or {@code label}; latencies may be null. */
        Results end(String label, long messages, Latencies latencies) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Results figures = new Results(option("label", label)).put("messages", messages)
                    .put("msgPerSec", messages / seconds).put("generatorCpuUsPerMsg", generator.microsPer(messages));
            if (server != null) {
                figures.put("serverCpuUsPerMsg", server.microsPer(messages));
            }
            if (latencies != null) {
                figures.put("p50Ms", latencies.millis(0.5)).put("p99Ms", latencies.millis(0.99))
                        .put("maxMs", latencies.millis(1));
            }
            // After the CPU times are read: writing the profile out costs the broker CPU too.
            if (profile != null) {
                profile.stop(option("label", label) + "." + label);
            }
            return figures;
        }
    }

    private void commitFloor(List<String> args) throws Exception {
        int beside = Integer.parseInt(option("beside", "0"));
        Results figures = CommitFloor.measure(Path.of(args.get(1)), Long.parseLong(args.get(2)),
                Integer.parseInt(args.get(3)), Integer.parseInt(args.get(4)), Integer.parseInt(args.get(5)), beside,
                Long.parseLong(option("beside-period", "200")));
        System.out.println("commit floor" + (beside > 0 ? " beside a thread asked to keep " + beside
                + " % of a core busy (" + figures.figure("besidePercent") + " % taken)" : "") + ": " + figures.summary());
        figures.appendTo(results);
    }

    /** What the devices of a load (ids from a format and a number) need to connect: a SAS token each. */
    private static void tokens(List<String> args) {
        for (int i = 1; i <= Integer.parseInt(args.get(4)); i++) {
            String id = String.format(args.get(3), i);
            System.out.println(id + " " + token(args.get(1), args.get(2), id));
        }
    }

    /** @param id {@code deviceId} or {@code deviceId/moduleId} */
    private static String token(String hostname, String key, String id) {
        return SasToken.create(SasToken.resource(hostname, IdentityId.parse(id)), key,
                Instant.now().plus(TOKEN_LIFETIME));
    }
}
